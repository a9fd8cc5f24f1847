import type { LifeEventInput, PersonRecord, Relative } from '@fpr/contract';
import {
  cloneRecord,
  contradiction,
  daysBetween,
  type PersonState,
  type PlannedChange,
  registryOffice,
  relatedPerson,
  requireAlive,
  yearsBetween,
} from './life-event-context';
import { citizenshipRule, type PlanRequest } from './life-event-plans';

type Input<T extends LifeEventInput['type']> = Extract<LifeEventInput, { type: T }>;

/** A father may have died before the birth, but not more than a pregnancy before it. */
const maxDaysFromFathersDeathToBirth = 300;
const minParentAgeYears = 12;

/** A birth in Latvia: a new person with a new-format code, a child of both named parents. */
export function planBorn(request: PlanRequest, input: Input<'born'>): PlannedChange[] {
  const birthDate = request.effectiveDate;
  const mother = input.motherPersonalCode
    ? request.lookup(input.motherPersonalCode, 'motherPersonalCode')
    : null;
  const father = input.fatherPersonalCode
    ? request.lookup(input.fatherPersonalCode, 'fatherPersonalCode')
    : null;
  if (mother) assertParent(mother.record, 'F', birthDate, 'The mother');
  if (father) assertFather(father.record, birthDate);
  const parents = [mother, father].filter((p): p is PersonState => p !== null);
  const child = newPersonRecord({
    personalCode: request.env.newPersonalCode(),
    givenNames: input.givenNames,
    surname: input.surname,
    sex: input.sex,
    birthDate,
    birthCountry: 'LVA',
    birthPlace: input.birthPlace ?? 'Rīga',
    registration: {
      entryNumber: request.env.newEntryNumber(),
      date: request.env.today,
      office: registryOffice,
    },
    ...inheritedCitizenship(
      parents.map((p) => p.record),
      birthDate,
    ),
  });
  child.residence.declaredAddress = input.address
    ? { ...input.address, since: birthDate }
    : inheritedAddress(mother?.record ?? father?.record, birthDate);
  child.relatives.parents = parents.map((p) =>
    asRelative(p.record, p.record.identity.sex === 'F' ? 'mother' : 'father'),
  );
  const created: PlannedChange = {
    person: { id: null, version: 0, record: child },
    after: child,
    type: 'born',
    previousPersonalCode: null,
    details: parentDetails(input),
  };
  return [created, ...parents.map((parent) => addChild(parent, child))];
}

/** First registration of a person born abroad. */
export function planRegistered(request: PlanRequest, input: Input<'registered'>): PlannedChange[] {
  if (input.birthDate > request.env.today) contradiction('A birth date cannot be in the future.');
  const rule = citizenshipRule(input.legalStatus, input.citizenship);
  if (rule) contradiction(rule);
  const record = newPersonRecord({
    personalCode: request.env.newPersonalCode(),
    givenNames: input.givenNames,
    surname: input.surname,
    sex: input.sex,
    birthDate: input.birthDate,
    birthCountry: input.birthCountry,
    birthPlace: input.birthPlace ?? '',
    registration: null,
    citizenship: input.citizenship,
    legalStatus: input.legalStatus,
    citizenshipSince: request.effectiveDate,
  });
  if (input.address) record.residence.declaredAddress = { ...input.address, since: request.effectiveDate };
  return [
    {
      person: { id: null, version: 0, record },
      after: record,
      type: 'registered',
      previousPersonalCode: null,
      details: {},
    },
  ];
}

/** A child (for example adopted) joins a parent; both records name each other. */
export function planChildAdded(request: PlanRequest, input: Input<'childAdded'>): PlannedChange[] {
  const parent = request.lookup(input.personalCode, 'personalCode');
  const child = request.lookup(input.childPersonalCode, 'childPersonalCode');
  requireAlive(parent.record, 'The parent');
  if (parent.record.identity.personalCode === child.record.identity.personalCode) {
    contradiction('A person cannot be their own child.');
  }
  assertParent(parent.record, parent.record.identity.sex, child.record.identity.birthDate, 'The parent');
  const parents = child.record.relatives.parents;
  if (parents.some((p) => p.personalCode === parent.record.identity.personalCode))
    contradiction('The child is already this parent’s child.');
  if (parents.length >= 2) contradiction('The child already has two parents.');
  const relation = parent.record.identity.sex === 'F' ? 'mother' : 'father';
  if (parents.some((p) => p.relation === relation)) contradiction(`The child already has a ${relation}.`);
  const childAfter = cloneRecord(child.record);
  childAfter.relatives.parents.push(asRelative(parent.record, relation));
  const details = {
    parentPersonalCode: parent.record.identity.personalCode,
    childPersonalCode: child.record.identity.personalCode,
  };
  return [
    { ...addChild(parent, child.record), details },
    { person: child, after: childAfter, type: 'childAdded', previousPersonalCode: null, details },
  ];
}

function addChild(parent: PersonState, child: PersonRecord): PlannedChange {
  const after = cloneRecord(parent.record);
  after.relatives.children.push(asRelative(child, 'child'));
  return {
    person: parent,
    after,
    type: 'childAdded',
    previousPersonalCode: null,
    details: { childPersonalCode: child.identity.personalCode },
  };
}

function assertParent(parent: PersonRecord, sex: string, childBirthDate: string, who: string): void {
  if (parent.identity.sex !== sex) contradiction(`${who} has the wrong sex for this relation.`);
  if (who === 'The mother') requireAlive(parent, who);
  if (yearsBetween(parent.identity.birthDate, childBirthDate) < minParentAgeYears) {
    contradiction(`${who} must be at least ${minParentAgeYears} years older than the child.`);
  }
}

function assertFather(father: PersonRecord, birthDate: string): void {
  assertParent(father, 'M', birthDate, 'The father');
  const deathDate = father.death.deathDate;
  if (deathDate && daysBetween(deathDate, birthDate) > maxDaysFromFathersDeathToBirth) {
    contradiction('The father died too long before the birth.');
  }
}

function asRelative(record: PersonRecord, relation: Relative['relation']): Relative {
  return { ...relatedPerson(record), relation };
}

function parentDetails(input: Input<'born'>): Record<string, unknown> {
  return {
    motherPersonalCode: input.motherPersonalCode ?? null,
    fatherPersonalCode: input.fatherPersonalCode ?? null,
  };
}

type CitizenshipFields = Pick<NewPerson, 'citizenship' | 'legalStatus' | 'citizenshipSince'>;

/** A child of a citizen is a citizen; otherwise the child follows the mother (or the father). */
function inheritedCitizenship(parents: PersonRecord[], birthDate: string): CitizenshipFields {
  const isCitizen = parents.length === 0 || parents.some((p) => p.citizenship.legalStatus === 'citizen');
  if (isCitizen) return { citizenship: 'LVA', legalStatus: 'citizen', citizenshipSince: birthDate };
  const [first] = parents as [PersonRecord];
  return {
    citizenship: first.citizenship.citizenship,
    legalStatus: first.citizenship.legalStatus,
    citizenshipSince: birthDate,
  };
}

function inheritedAddress(
  parent: PersonRecord | undefined,
  birthDate: string,
): PersonRecord['residence']['declaredAddress'] {
  const address = parent?.residence.declaredAddress;
  return address ? { ...address, since: birthDate } : null;
}

interface NewPerson {
  personalCode: string;
  givenNames: string;
  surname: string;
  sex: 'M' | 'F';
  birthDate: string;
  birthCountry: string;
  birthPlace: string;
  registration: PersonRecord['birth']['birthRegistration'];
  citizenship: string | null;
  legalStatus: PersonRecord['citizenship']['legalStatus'];
  citizenshipSince: string;
}

/** A complete record for a person entering the register: every scope present, history empty. */
export function newPersonRecord(person: NewPerson): PersonRecord {
  return {
    identity: {
      personalCode: person.personalCode,
      previousPersonalCodes: [],
      givenNames: person.givenNames,
      surname: person.surname,
      sex: person.sex,
      birthDate: person.birthDate,
      status: 'active',
    },
    names: { birthSurname: person.surname, nameHistory: [] },
    birth: {
      birthDate: person.birthDate,
      birthCountry: person.birthCountry,
      birthPlace: person.birthPlace,
      birthRegistration: person.registration,
    },
    citizenship: {
      citizenship: person.citizenship,
      legalStatus: person.legalStatus,
      since: person.citizenshipSince,
    },
    residence: { declaredAddress: null, additionalAddresses: [], foreignAddress: null },
    residenceHistory: { previousAddresses: [] },
    documents: { documents: [] },
    civilStatus: { maritalStatus: 'single', since: null, spouse: null },
    relatives: { parents: [], children: [] },
    guardianship: { legalCapacityRestricted: false, guardians: [] },
    death: { deathDate: null, deathPlace: null, deathRegistration: null },
    specialStatuses: {
      politicallyRepressed: false,
      nationalResistanceParticipant: false,
      worldWarTwoParticipant: false,
    },
  };
}
