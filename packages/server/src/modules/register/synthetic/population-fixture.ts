import { type PersonRecord, parsePersonalCode } from '@fpr/contract';
import { feminineSurname } from './names';
import { type GeneratedPerson, generatePopulation, type PopulationOptions } from './population';

/**
 * Checks shared by the population tests. Each returns the problems it found as sentences, so a
 * test asserts one empty list (fast over 20,000 persons) and a failure names the persons at fault.
 */
export const TODAY = '2025-06-01';
export const sampleOptions: PopulationOptions = {
  environment: 'test',
  persons: 20_000,
  seed: 11,
  today: TODAY,
};

export function generate(overrides: Partial<PopulationOptions> = {}): GeneratedPerson[] {
  return [...generatePopulation({ ...sampleOptions, ...overrides })];
}

export type Lookup = (code: string) => PersonRecord | undefined;

export function lookupOf(persons: readonly GeneratedPerson[]): Lookup {
  const byCode = new Map(persons.map((person) => [person.personalCode, person.record]));
  return (code) => byCode.get(code);
}

export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

export function codeProblems(persons: readonly GeneratedPerson[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { record } of persons) {
    const { identity } = record;
    for (const code of [identity.personalCode, ...identity.previousPersonalCodes]) {
      const parsed = parsePersonalCode(code);
      if (!parsed.ok || parsed.code !== code) problems.push(`${code} is not a canonical valid code`);
      if (parsed.ok && parsed.format === 'old' && parsed.birthDate !== identity.birthDate) {
        problems.push(`${code} does not encode the birth date ${identity.birthDate}`);
      }
      if (seen.has(code)) problems.push(`${code} is issued twice`);
      seen.add(code);
    }
    if (identity.birthDate >= '2017-07-01' && !identity.personalCode.startsWith('32')) {
      problems.push(`${identity.personalCode}: born after 30.06.2017 with an old-format code`);
    }
    if (identity.previousPersonalCodes.some((code) => code.startsWith('32'))) {
      problems.push(`${identity.personalCode}: a new-format code was replaced`);
    }
  }
  return problems;
}

function referencesOf(record: PersonRecord) {
  const spouse = record.civilStatus.spouse ? [record.civilStatus.spouse] : [];
  return [
    ...spouse,
    ...record.relatives.parents,
    ...record.relatives.children,
    ...record.guardianship.guardians,
  ];
}

/** Every reference resolves to a person of the population and carries that person's names. */
export function referenceProblems(persons: readonly GeneratedPerson[], lookup: Lookup): string[] {
  const problems: string[] = [];
  for (const { record } of persons) {
    for (const reference of referencesOf(record)) {
      const other = lookup(reference.personalCode);
      const names = other && `${other.identity.givenNames} ${other.identity.surname}`;
      if (names !== `${reference.givenNames} ${reference.surname}`) {
        problems.push(
          `${record.identity.personalCode} names ${reference.personalCode} as ${reference.surname}`,
        );
      }
    }
  }
  return problems;
}

function spouseProblems(record: PersonRecord, lookup: Lookup): string[] {
  const { maritalStatus, spouse, since } = record.civilStatus;
  const code = record.identity.personalCode;
  const other = spouse ? lookup(spouse.personalCode) : undefined;
  if (maritalStatus === 'married' && other && other.civilStatus.spouse?.personalCode !== code) {
    return [`${code}: the spouse does not point back`];
  }
  if (
    maritalStatus === 'widowed' &&
    (other?.identity.status !== 'deceased' || other.death.deathDate !== since)
  ) {
    return [`${code}: widowed, but the late spouse is not deceased on that day`];
  }
  return [];
}

function parentProblems(record: PersonRecord, lookup: Lookup): string[] {
  const code = record.identity.personalCode;
  const problems: string[] = [];
  for (const parent of record.relatives.parents) {
    const other = lookup(parent.personalCode);
    if (parent.relation !== (other?.identity.sex === 'F' ? 'mother' : 'father'))
      problems.push(`${code}: wrong relation`);
    if (!other?.relatives.children.some((child) => child.personalCode === code)) {
      problems.push(`${code}: the ${parent.relation} does not list the child`);
    }
  }
  for (const child of record.relatives.children) {
    if (!lookup(child.personalCode)?.relatives.parents.some((parent) => parent.personalCode === code)) {
      problems.push(`${code}: the child ${child.personalCode} does not list the parent`);
    }
  }
  return problems;
}

/** Spouses, parents and children name each other on both sides. */
export function relationProblems(persons: readonly GeneratedPerson[], lookup: Lookup): string[] {
  return persons.flatMap(({ record }) => [
    ...spouseProblems(record, lookup),
    ...parentProblems(record, lookup),
  ]);
}

function surnameProblem(record: PersonRecord): string | null {
  const { personalCode: code, sex } = record.identity;
  const { birthSurname } = record.names;
  const father = record.relatives.parents.find((parent) => parent.relation === 'father');
  const mother = record.relatives.parents.find((parent) => parent.relation === 'mother');
  if (father) {
    const expected = sex === 'M' ? father.surname : feminineSurname(father.surname);
    return birthSurname === expected
      ? null
      : `${code}: ${birthSurname} is not the father's ${father.surname}`;
  }
  if (!mother) return null;
  const feminine = sex === 'M' ? feminineSurname(birthSurname) : birthSurname;
  return feminine === mother.surname
    ? null
    : `${code}: ${birthSurname} is not the mother's ${mother.surname}`;
}

/** Parents' ages at the birth, and surnames: the father's, else the mother's, in the child's form. */
export function familyProblems(persons: readonly GeneratedPerson[], lookup: Lookup): string[] {
  const problems: string[] = [];
  for (const { record } of persons) {
    const { personalCode: code, birthDate } = record.identity;
    for (const parent of record.relatives.parents) {
      const age = yearsBetween(lookup(parent.personalCode)?.identity.birthDate ?? birthDate, birthDate);
      const [min, max] = parent.relation === 'mother' ? [18, 45] : [14, 120];
      if (age < min || age > max) problems.push(`${code}: the ${parent.relation} was ${age} at the birth`);
    }
    const surname = surnameProblem(record);
    if (surname) problems.push(surname);
  }
  return problems;
}

/**
 * Every date of an event a record holds, found by walking it. A document's `validUntil` is a
 * promise about the future, not an event, so it is skipped.
 */
export function eventDatesOf(value: unknown, dates: string[] = []): string[] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) dates.push(value);
  else if (Array.isArray(value)) for (const item of value) eventDatesOf(item, dates);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (key !== 'validUntil') eventDatesOf(item, dates);
  }
  return dates;
}

/** Nothing after today or before the birth; documents change status only after their issue. */
export function dateProblems(persons: readonly GeneratedPerson[]): string[] {
  const problems: string[] = [];
  for (const { record } of persons) {
    const { personalCode: code, birthDate } = record.identity;
    const bad = eventDatesOf(record).filter((date) => date > TODAY || date < birthDate);
    if (bad.length > 0) problems.push(`${code}: dates ${bad.join(', ')} outside ${birthDate}…${TODAY}`);
    for (const document of record.documents.documents) {
      if (document.statusSince < document.issuedOn || document.validUntil <= document.issuedOn) {
        problems.push(`${code}: document ${document.number} has inconsistent dates`);
      }
    }
  }
  return problems;
}
