import type { LifeEventInput, PersonRecord } from '@fpr/contract';
import {
  cloneRecord,
  contradiction,
  isAlive,
  type PersonState,
  type PlanEnvironment,
  type PlannedChange,
  registryOffice,
  relatedPerson,
  requireAlive,
  yearsBetween,
} from './life-event-context';
import { planCorrection } from './life-event-plans-correction';
import { planBorn, planChildAdded, planRegistered } from './life-event-plans-new-persons';

type Input<T extends LifeEventInput['type']> = Extract<LifeEventInput, { type: T }>;
/** Finds a person the input names; the service has locked every one of them. */
export type Lookup = (personalCode: string, parameter: string) => PersonState;

export interface PlanRequest {
  input: LifeEventInput;
  effectiveDate: string;
  lookup: Lookup;
  env: PlanEnvironment;
}

/**
 * Turns one life event into the new versions of every person it touches — both sides of every
 * relation — or refuses it when it contradicts the register. Pure: no database, no clock.
 */
export function planLifeEvent(request: PlanRequest): PlannedChange[] {
  const { input } = request;
  switch (input.type) {
    case 'born':
      return planBorn(request, input);
    case 'registered':
      return planRegistered(request, input);
    case 'childAdded':
      return planChildAdded(request, input);
    case 'married':
      return planMarried(request, input);
    case 'divorced':
      return planDivorced(request, input);
    case 'died':
      return planDied(request, input);
    case 'correction':
      return planCorrection(request, input);
    default:
      return [planSinglePersonChange(request, input)];
  }
}

type SinglePersonInput = Input<
  | 'nameChanged'
  | 'addressDeclared'
  | 'additionalAddressChanged'
  | 'documentIssued'
  | 'documentStatusChanged'
  | 'citizenshipChanged'
  | 'personalCodeChanged'
  | 'guardianshipChanged'
>;

function planSinglePersonChange(request: PlanRequest, input: SinglePersonInput): PlannedChange {
  const person = request.lookup(input.personalCode, 'personalCode');
  requireAlive(person.record, 'The person');
  const after = cloneRecord(person.record);
  const change = (details: Record<string, unknown> = {}, previousPersonalCode: string | null = null) =>
    ({ person, after, type: input.type, previousPersonalCode, details }) satisfies PlannedChange;
  const date = request.effectiveDate;
  switch (input.type) {
    case 'nameChanged':
      renamePerson(after, { givenNames: input.givenNames, surname: input.surname }, date, input.reason);
      return change({ reason: input.reason });
    case 'addressDeclared':
      declareAddress(after, input.address, date);
      return change();
    case 'additionalAddressChanged':
      changeAdditionalAddress(after, input, date);
      return change();
    case 'documentIssued':
      issueDocument(after, input.document, date);
      return change({ documentNumber: input.document.number });
    case 'documentStatusChanged':
      changeDocumentStatus(after, input.documentNumber, input.status, date);
      return change({ documentNumber: input.documentNumber });
    case 'citizenshipChanged':
      changeCitizenship(after, input.citizenship, input.legalStatus, date);
      return change();
    case 'personalCodeChanged':
      return change({}, changePersonalCode(after, request.env.newPersonalCode()));
    case 'guardianshipChanged':
      changeGuardianship(after, input, request, date);
      return change({ guardianPersonalCodes: input.guardianPersonalCodes });
  }
}

/** Renames a person and keeps the name they leave in the name history. */
export function renamePerson(
  record: PersonRecord,
  names: { givenNames?: string | undefined; surname?: string | undefined },
  date: string,
  reason: string,
): void {
  const givenNames = names.givenNames ?? record.identity.givenNames;
  const surname = names.surname ?? record.identity.surname;
  if (givenNames === record.identity.givenNames && surname === record.identity.surname) {
    contradiction('The new name equals the current name.');
  }
  const lastChange = record.names.nameHistory.at(-1)?.validTo ?? record.identity.birthDate;
  record.names.nameHistory.push({
    givenNames: record.identity.givenNames,
    surname: record.identity.surname,
    validFrom: lastChange,
    validTo: date,
    reason,
  });
  record.identity.givenNames = givenNames;
  record.identity.surname = surname;
}

type AddressInput = Input<'addressDeclared'>['address'];

function declareAddress(record: PersonRecord, address: AddressInput, date: string): void {
  const current = record.residence.declaredAddress;
  if (current?.addressCode === address.addressCode) contradiction('The address is already declared.');
  if (current) {
    if (date < current.since) contradiction('The new address cannot precede the current declaration.');
    record.residenceHistory.previousAddresses.push({
      ...withoutSince(current),
      validFrom: current.since,
      validTo: date,
    });
  }
  record.residence.declaredAddress = { ...address, since: date };
  record.residence.foreignAddress = null;
}

function withoutSince<T extends { since: string }>(value: T): Omit<T, 'since'> {
  const { since: _since, ...rest } = value;
  return rest;
}

function changeAdditionalAddress(
  record: PersonRecord,
  input: Input<'additionalAddressChanged'>,
  date: string,
): void {
  if (!input.add && !input.removeAddressCode) contradiction('Name an address to add or one to remove.');
  const active = record.residence.additionalAddresses.filter((a) => a.validTo === null);
  if (input.removeAddressCode) {
    const ending = active.find((a) => a.addressCode === input.removeAddressCode);
    if (!ending) contradiction('The person has no such additional address.');
    ending.validTo = date;
  }
  if (input.add) {
    const code = input.add.addressCode;
    if (
      record.residence.declaredAddress?.addressCode === code ||
      active.some((a) => a.addressCode === code)
    ) {
      contradiction('The address is already one of the person’s addresses.');
    }
    record.residence.additionalAddresses.push({ ...input.add, validFrom: date, validTo: null });
  }
}

function issueDocument(
  record: PersonRecord,
  document: Input<'documentIssued'>['document'],
  date: string,
): void {
  const documents = record.documents.documents;
  if (documents.some((d) => d.number === document.number))
    contradiction('A document with this number exists.');
  if (document.validUntil <= date) contradiction('A document must be valid after its issue date.');
  documents.push({ ...document, issuedOn: date, status: 'valid', statusSince: date });
}

function changeDocumentStatus(record: PersonRecord, number: string, status: string, date: string): void {
  const document = record.documents.documents.find((d) => d.number === number);
  if (!document) contradiction('The person has no document with this number.');
  if (document.status !== 'valid') contradiction('Only a valid document can change its status.');
  document.status = status as typeof document.status;
  document.statusSince = date;
}

function changeCitizenship(
  record: PersonRecord,
  citizenship: string | null,
  legalStatus: string,
  date: string,
): void {
  const rule = citizenshipRule(legalStatus, citizenship);
  if (rule) contradiction(rule);
  const current = record.citizenship;
  if (current.citizenship === citizenship && current.legalStatus === legalStatus) {
    contradiction('The citizenship and legal status are unchanged.');
  }
  record.citizenship = {
    citizenship,
    legalStatus: legalStatus as PersonRecord['citizenship']['legalStatus'],
    since: date,
  };
}

/** Latvian legal statuses constrain the citizenship that goes with them. */
export function citizenshipRule(legalStatus: string, citizenship: string | null): string | null {
  if (legalStatus === 'citizen' && citizenship !== 'LVA') return 'A citizen holds citizenship LVA.';
  if (legalStatus !== 'citizen' && citizenship === 'LVA') return 'Only a citizen holds citizenship LVA.';
  if ((legalStatus === 'non-citizen' || legalStatus === 'stateless') && citizenship !== null) {
    return 'A non-citizen or stateless person holds no citizenship.';
  }
  return null;
}

function changePersonalCode(record: PersonRecord, newCode: string): string {
  const oldCode = record.identity.personalCode;
  if (oldCode.startsWith('32') || record.identity.previousPersonalCodes.length > 0) {
    contradiction('Only an old-format personal code can be changed, and only once.');
  }
  record.identity.previousPersonalCodes = [oldCode];
  record.identity.personalCode = newCode;
  return oldCode;
}

function changeGuardianship(
  record: PersonRecord,
  input: Input<'guardianshipChanged'>,
  request: PlanRequest,
  date: string,
): void {
  const codes = input.guardianPersonalCodes;
  if (new Set(codes).size !== codes.length) contradiction('A guardian is named twice.');
  const guardians = codes.map((code, index) => {
    const guardian = request.lookup(code, `guardianPersonalCodes[${index}]`).record;
    if (guardian.identity.personalCode === record.identity.personalCode)
      contradiction('A person cannot be their own guardian.');
    requireAlive(guardian, 'A guardian');
    if (yearsBetween(guardian.identity.birthDate, date) < 18) contradiction('A guardian must be an adult.');
    const since = record.guardianship.guardians.find(
      (g) => g.personalCode === guardian.identity.personalCode,
    )?.since;
    return { ...relatedPerson(guardian), since: since ?? date };
  });
  record.guardianship = { legalCapacityRestricted: input.legalCapacityRestricted, guardians };
}

function planMarried(request: PlanRequest, input: Input<'married'>): PlannedChange[] {
  const date = request.effectiveDate;
  const first = request.lookup(input.personalCode, 'personalCode');
  const second = request.lookup(input.spousePersonalCode, 'spousePersonalCode');
  if (first.record.identity.personalCode === second.record.identity.personalCode) {
    contradiction('A person cannot marry themselves.');
  }
  const pair: Array<[PersonState, string | undefined]> = [
    [first, input.surname],
    [second, input.spouseSurname],
  ];
  for (const [person] of pair) assertMarriageable(person.record, date);
  if (areParentAndChild(first.record, second.record)) contradiction('A parent and child cannot marry.');
  const afters = pair.map(([person, surname]) => {
    const after = cloneRecord(person.record);
    if (surname && surname !== after.identity.surname) renamePerson(after, { surname }, date, 'marriage');
    return after;
  });
  const [firstAfter, secondAfter] = afters as [PersonRecord, PersonRecord];
  firstAfter.civilStatus = { maritalStatus: 'married', since: date, spouse: relatedPerson(secondAfter) };
  secondAfter.civilStatus = { maritalStatus: 'married', since: date, spouse: relatedPerson(firstAfter) };
  return [marriageChange(first, firstAfter, secondAfter), marriageChange(second, secondAfter, firstAfter)];
}

function marriageChange(person: PersonState, after: PersonRecord, spouse: PersonRecord): PlannedChange {
  const details = { spousePersonalCode: spouse.identity.personalCode };
  return { person, after, type: 'married', previousPersonalCode: null, details };
}

function assertMarriageable(record: PersonRecord, date: string): void {
  requireAlive(record, 'A spouse');
  if (record.civilStatus.maritalStatus === 'married') contradiction('A spouse is already married.');
  if (yearsBetween(record.identity.birthDate, date) < 16)
    contradiction('A spouse is under the marriage age.');
}

function areParentAndChild(a: PersonRecord, b: PersonRecord): boolean {
  const codeOfB = b.identity.personalCode;
  const codeOfA = a.identity.personalCode;
  return (
    a.relatives.children.some((c) => c.personalCode === codeOfB) ||
    b.relatives.children.some((c) => c.personalCode === codeOfA)
  );
}

function planDivorced(request: PlanRequest, input: Input<'divorced'>): PlannedChange[] {
  const person = request.lookup(input.personalCode, 'personalCode');
  const spouseCode = person.record.civilStatus.spouse?.personalCode;
  if (person.record.civilStatus.maritalStatus !== 'married' || !spouseCode)
    contradiction('The person is not married.');
  const spouse = request.lookup(spouseCode, 'personalCode');
  return [person, spouse].map((state) => {
    const after = cloneRecord(state.record);
    after.civilStatus = { maritalStatus: 'divorced', since: request.effectiveDate, spouse: null };
    const partner = state === person ? spouse : person;
    return {
      person: state,
      after,
      type: 'divorced',
      previousPersonalCode: null,
      details: { formerSpousePersonalCode: partner.record.identity.personalCode },
    };
  });
}

function planDied(request: PlanRequest, input: Input<'died'>): PlannedChange[] {
  const date = request.effectiveDate;
  const person = request.lookup(input.personalCode, 'personalCode');
  requireAlive(person.record, 'The person');
  if (date < person.record.identity.birthDate) contradiction('A death cannot precede the birth.');
  const after = cloneRecord(person.record);
  after.identity.status = 'deceased';
  after.death = {
    deathDate: date,
    deathPlace: input.deathPlace ?? 'Rīga',
    deathRegistration: {
      entryNumber: request.env.newEntryNumber(),
      date: request.env.today,
      office: registryOffice,
    },
  };
  const changes: PlannedChange[] = [{ person, after, type: 'died', previousPersonalCode: null, details: {} }];
  const spouseCode =
    person.record.civilStatus.maritalStatus === 'married'
      ? person.record.civilStatus.spouse?.personalCode
      : undefined;
  const spouse = spouseCode ? request.lookup(spouseCode, 'personalCode') : null;
  if (spouse && isAlive(spouse.record)) changes.push(widowSpouse(spouse, person.record, date));
  return changes;
}

function widowSpouse(spouse: PersonState, deceased: PersonRecord, date: string): PlannedChange {
  const after = cloneRecord(spouse.record);
  // The late spouse stays named: the widowed status refers to them.
  after.civilStatus = { maritalStatus: 'widowed', since: date, spouse: relatedPerson(deceased) };
  return {
    person: spouse,
    after,
    type: 'widowed',
    previousPersonalCode: null,
    details: { deceasedSpousePersonalCode: deceased.identity.personalCode },
  };
}
