import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedPerson } from './population';
import {
  dateProblems,
  familyProblems,
  generate,
  type Lookup,
  lookupOf,
  referenceProblems,
  relationProblems,
  yearsBetween,
} from './population-fixture';

let persons: GeneratedPerson[];
let lookup: Lookup;

beforeAll(() => {
  persons = generate({ seed: 23 });
  lookup = lookupOf(persons);
});

describe('relations within a generated population', () => {
  it('name spouses, parents, children and guardians who exist, with their current names', () => {
    expect(referenceProblems(persons, lookup)).toEqual([]);
  });

  it('hold on both sides: spouses point at each other, parents and children list each other', () => {
    expect(relationProblems(persons, lookup)).toEqual([]);
  });

  it('give each restricted person a living adult relative as guardian', () => {
    const restricted = persons.filter((person) => person.record.guardianship.legalCapacityRestricted);
    expect(restricted.length).toBeGreaterThan(0);
    const wrong = restricted.filter(({ record }) => {
      const relatives = [record.civilStatus.spouse, ...record.relatives.children].map((r) => r?.personalCode);
      return record.guardianship.guardians.some((guardian) => {
        const other = lookup(guardian.personalCode);
        return (
          !relatives.includes(guardian.personalCode) ||
          other?.identity.status !== 'active' ||
          yearsBetween(other.identity.birthDate, guardian.since) < 18
        );
      });
    });
    expect(wrong.map((p) => p.personalCode)).toEqual([]);
  });

  it('make parents old enough and give children the family surname in their own form', () => {
    expect(familyProblems(persons, lookup)).toEqual([]);
  });

  it('keep the birth surname of women who took the husband’s name in their name history', () => {
    const renamed = persons.filter((p) => p.record.names.birthSurname !== p.surname);
    expect(renamed.length).toBeGreaterThan(1000);
    const wrong = renamed.filter(
      ({ record }) =>
        record.identity.sex !== 'F' || record.names.nameHistory[0]?.surname !== record.names.birthSurname,
    );
    expect(wrong.map((p) => p.personalCode)).toEqual([]);
  });

  it('date nothing after today or before the birth', () => {
    expect(dateProblems(persons)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('catch a broken relation, a wrong surname, a stray date and a dangling reference', () => {
    const family = structuredClone(persons.slice(0, 200));
    const child = family.find((p) =>
      p.record.relatives.parents.some((parent) => parent.relation === 'father'),
    );
    if (!child) throw new Error('no child with a father among the first persons');
    const tamperedLookup = lookupOf(family);
    const father = tamperedLookup(
      child.record.relatives.parents.find((p) => p.relation === 'father')?.personalCode ?? '',
    );
    father?.relatives.children.splice(0);
    child.record.names.birthSurname = 'Zvaigzne';
    child.record.civilStatus.since = '2099-01-01';
    child.record.relatives.parents.push({
      personalCode: '010190-10415',
      givenNames: 'X',
      surname: 'Y',
      relation: 'mother',
    });
    expect(relationProblems(family, tamperedLookup).length).toBeGreaterThan(0);
    expect(familyProblems(family, tamperedLookup).join()).toContain('Zvaigzne');
    expect(dateProblems(family).join()).toContain('2099-01-01');
    expect(referenceProblems(family, tamperedLookup).join()).toContain('010190-10415');
  });
});
