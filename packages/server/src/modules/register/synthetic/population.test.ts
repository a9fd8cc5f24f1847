import { createHash } from 'node:crypto';
import { PersonRecord } from '@fpr/contract';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedPerson } from './population';
import { codeProblems, generate, sampleOptions, TODAY, yearsBetween } from './population-fixture';

let persons: GeneratedPerson[];

beforeAll(() => {
  persons = generate();
});

function digest(population: GeneratedPerson[]): string {
  return createHash('sha256').update(JSON.stringify(population)).digest('hex');
}

// jsonb keeps an object's keys shorter first, then bytewise (keys here are ASCII).
function inJsonbOrder(first: string, second: string): boolean {
  return first.length < second.length || (first.length === second.length && first < second);
}

/** Paths of the objects whose keys are not in jsonb's order. */
function misordered(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  const here = entries.some(([key], index) => index > 0 && !inJsonbOrder(entries[index - 1]?.[0] ?? '', key))
    ? [path]
    : [];
  return [...here, ...entries.flatMap(([key, member]) => misordered(member, `${path}.${key}`))];
}

function share(
  predicate: (person: GeneratedPerson) => boolean,
  among: readonly GeneratedPerson[] = persons,
): number {
  return among.filter(predicate).length / among.length;
}

describe('generatePopulation', () => {
  it('generates exactly the number of persons asked for', () => {
    expect(persons).toHaveLength(sampleOptions.persons);
    for (const count of [0, 1, 2, 3, 7]) expect(generate({ persons: count })).toHaveLength(count);
  });

  it('replays byte for byte from a seed; another seed or environment gives other persons', () => {
    const first = digest(generate({ persons: 2_000 }));
    expect(digest(generate({ persons: 2_000 }))).toBe(first);
    expect(digest(generate({ persons: 2_000, seed: 12 }))).not.toBe(first);
    expect(digest(generate({ persons: 2_000, environment: 'production' }))).not.toBe(first);
  });

  it('refuses a negative count and an impossible today', () => {
    expect(() => generate({ persons: -1 })).toThrow(RangeError);
    expect(() => generate({ persons: 1, today: '2025-02-30' })).toThrow(RangeError);
  });

  it('produces records that satisfy the PersonRecord schema', () => {
    const failures = persons
      .slice(0, 2_000)
      .filter((person) => !Value.Check(PersonRecord, person.record))
      .map((person) => [person.personalCode, [...Value.Errors(PersonRecord, person.record)].slice(0, 2)]);
    expect(failures).toEqual([]);
  });

  it('lists every member in the order jsonb stores it, so PostgreSQL need not sort them', () => {
    expect(misordered({ sex: 'F', status: 'active', surname: 'Ozola' })).toEqual([]);
    expect(misordered({ nested: { surname: 'x', sex: 'F' }, text: 'a' })).toEqual(['$', '$.nested']);
    const found = new Set(
      persons.flatMap((person) => misordered(person.record).map((path) => path.replace(/\.\d+/g, '[]'))),
    );
    expect([...found]).toEqual([]);
  });

  it('issues valid, unique personal codes; old ones encode the birth date', () => {
    expect(codeProblems(persons)).toEqual([]);
  });

  it('keeps the key columns in step with the record, search names folded', () => {
    const mismatched = persons.filter(({ record, ...columns }) => {
      const { identity, residence } = record;
      return (
        columns.givenNames !== identity.givenNames ||
        columns.surname !== identity.surname ||
        columns.searchSurname !== identity.surname.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() ||
        columns.searchGivenNames !==
          identity.givenNames.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() ||
        columns.birthDate !== identity.birthDate ||
        columns.status !== identity.status ||
        columns.previousPersonalCode !== (identity.previousPersonalCodes[0] ?? null) ||
        columns.declaredAddressCode !== (residence.declaredAddress?.addressCode ?? null)
      );
    });
    expect(mismatched.map((person) => person.personalCode)).toEqual([]);
  });
});

describe('distribution over 20,000 persons', () => {
  it('spreads birth dates: no day holds a crowd (one birth date has about 910 old-format codes)', () => {
    const perDay = new Map<string, number>();
    for (const person of persons) perDay.set(person.birthDate, (perDay.get(person.birthDate) ?? 0) + 1);
    // 20,000 persons over about 36,000 days: a handful per day at most, unless a rule clamps many to one.
    expect(Math.max(...perDay.values())).toBeLessThan(10);
  });

  it('has 1–2 % deceased, each with the death scope filled and nothing valid left', () => {
    expect(share((p) => p.status === 'deceased')).toBeGreaterThan(0.01);
    expect(share((p) => p.status === 'deceased')).toBeLessThan(0.02);
    const inconsistent = persons.filter(({ record }) => {
      const { deathDate, deathRegistration } = record.death;
      if ((deathDate !== null) !== (record.identity.status === 'deceased')) return true;
      if (deathDate === null) return false;
      const documents = record.documents.documents;
      return (
        (deathRegistration?.date ?? '') < deathDate ||
        documents.some((d) => d.status === 'valid' || d.issuedOn > deathDate)
      );
    });
    expect(inconsistent.map((p) => p.personalCode)).toEqual([]);
  });

  it('has about 3 % foreigners, each with a residence permit or EU registration certificate', () => {
    const foreigners = persons.filter((p) => p.record.citizenship.legalStatus === 'foreigner');
    expect(foreigners.length / persons.length).toBeGreaterThan(0.02);
    expect(foreigners.length / persons.length).toBeLessThan(0.05);
    const permits = new Set(['residence-permit', 'eu-registration-certificate']);
    const without = foreigners.filter(
      ({ record }) =>
        !/^(RUS|UKR|BLR|LTU|DEU)$/.test(record.citizenship.citizenship ?? '') ||
        !record.documents.documents.some((d) => permits.has(d.type)),
    );
    expect(without.map((p) => p.personalCode)).toEqual([]);
  });

  it('has about 8 % non-citizens among those born before 1991, none younger, none with a citizenship', () => {
    const isNonCitizen = (p: GeneratedPerson) => p.record.citizenship.legalStatus === 'non-citizen';
    const older = persons.filter((p) => p.birthDate < '1991-01-01');
    expect(share(isNonCitizen, older)).toBeGreaterThan(0.05);
    expect(share(isNonCitizen, older)).toBeLessThan(0.11);
    const wrong = persons
      .filter(isNonCitizen)
      .filter((p) => p.birthDate >= '1991-08-21' || p.record.citizenship.citizenship);
    expect(wrong.map((p) => p.personalCode)).toEqual([]);
  });

  it('mixes both code formats, with some persons who changed an old code for a new one', () => {
    expect(share((p) => p.personalCode.startsWith('32'))).toBeGreaterThan(0.05);
    expect(share((p) => !p.personalCode.startsWith('32'))).toBeGreaterThan(0.6);
    expect(share((p) => p.previousPersonalCode !== null)).toBeGreaterThan(0.02);
  });

  it('gives many persons several documents, some of them lost, stolen or expired', () => {
    expect(share((p) => p.record.documents.documents.length >= 2)).toBeGreaterThan(0.25);
    const statuses = new Set(persons.flatMap((p) => p.record.documents.documents.map((d) => d.status)));
    expect([...statuses].sort()).toEqual(['expired', 'invalid', 'lost', 'stolen', 'valid']);
  });

  it('follows the Latvian age pyramid: fewer children than people of 30–70, more old women than old men', () => {
    const living = persons.filter((p) => p.status === 'active');
    const ageOf = (p: GeneratedPerson) => yearsBetween(p.birthDate, TODAY);
    expect(share((p) => ageOf(p) < 18, living)).toBeGreaterThan(0.12);
    expect(share((p) => ageOf(p) < 18, living)).toBeLessThan(0.25);
    expect(share((p) => ageOf(p) >= 30 && ageOf(p) < 70, living)).toBeGreaterThan(0.45);
    const old = living.filter((p) => ageOf(p) >= 75);
    expect(share((p) => p.sex === 'F', old)).toBeGreaterThan(0.5);
  });

  it('lets families share one address code, so that a query by address finds them', () => {
    const residents = new Map<string, number>();
    for (const { declaredAddressCode: code } of persons)
      if (code) residents.set(code, (residents.get(code) ?? 0) + 1);
    const shared = [...residents.values()].filter((count) => count > 1).length;
    expect(shared / residents.size).toBeGreaterThan(0.3);
  });

  it('keeps special statuses very rare and for old people only', () => {
    const flagged = persons.filter((p) => Object.values(p.record.specialStatuses).some(Boolean));
    expect(flagged.length / persons.length).toBeLessThan(0.01);
    expect(flagged.every((p) => p.birthDate < '1950-01-01')).toBe(true);
  });
});
