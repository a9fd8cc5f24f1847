import type { LifeEventInput, PersonRecord, TestEventRequest } from '@fpr/contract';
import { testEventDetails } from '@fpr/contract';
import type { InvalidParam } from '../../http/problem';
import { type EventSource, issueDocument } from '../register/simulation-events';
import { feminineSurname, latvianNames } from '../register/synthetic/names';

export type Completion = { ok: true; input: LifeEventInput } | { ok: false; invalidParams: InvalidParam[] };

/**
 * Turns a requester's test event into the register's life event: the details the body gave are
 * kept, the ones it omitted are generated for the person (a new address, a new name, a document…),
 * and details of another type or missing ones that cannot be invented are named.
 */
export function completeTestEvent(
  request: TestEventRequest,
  person: PersonRecord,
  source: EventSource,
): Completion {
  const foreign = foreignDetails(request);
  if (foreign.length > 0) return { ok: false, invalidParams: foreign };
  const base = {
    environment: 'test' as const,
    personalCode: person.identity.personalCode,
    ...(request.effectiveDate === undefined ? {} : { effectiveDate: request.effectiveDate }),
  };
  const missing = (name: string, reason: string): Completion => ({
    ok: false,
    invalidParams: [{ name, code: 'required', reason }],
  });
  switch (request.type) {
    case 'born':
      return ok(birthOf(request, person, source));
    case 'nameChanged': {
      const { givenNames, surname } = request;
      const generated =
        givenNames === undefined && surname === undefined ? namesFor(person, source) : undefined;
      return ok({
        ...base,
        type: 'nameChanged',
        givenNames: givenNames ?? generated,
        surname,
        reason: request.reason ?? 'application',
      });
    }
    case 'addressDeclared':
      return ok({ ...base, type: 'addressDeclared', address: request.address ?? newAddress(source) });
    case 'additionalAddressChanged': {
      const { add, removeAddressCode } = request;
      const isGiven = add !== undefined || removeAddressCode !== undefined;
      return ok({
        ...base,
        type: 'additionalAddressChanged',
        add: isGiven ? add : newAddress(source),
        removeAddressCode,
      });
    }
    case 'married':
      if (request.spousePersonalCode === undefined)
        return missing('spousePersonalCode', 'is required for married: the spouse, another test person');
      return ok({
        ...base,
        type: 'married',
        spousePersonalCode: request.spousePersonalCode,
        surname: request.surname,
        spouseSurname: request.spouseSurname,
      });
    case 'childAdded':
      if (request.childPersonalCode === undefined)
        return missing('childPersonalCode', 'is required for childAdded: the child, another test person');
      return ok({ ...base, type: 'childAdded', childPersonalCode: request.childPersonalCode });
    case 'documentIssued': {
      const generated = issueDocument(person, source);
      const document =
        request.document ?? (generated?.type === 'documentIssued' ? generated.document : undefined);
      if (!document) return missing('document', 'is required for documentIssued');
      return ok({ ...base, type: 'documentIssued', document });
    }
    case 'documentStatusChanged': {
      const documentNumber =
        request.documentNumber ?? person.documents.documents.find((d) => d.status === 'valid')?.number;
      if (documentNumber === undefined)
        return missing(
          'documentNumber',
          'is required for documentStatusChanged: the person has no valid document',
        );
      return ok({ ...base, type: 'documentStatusChanged', documentNumber, status: request.status ?? 'lost' });
    }
    case 'citizenshipChanged': {
      const isGiven = request.citizenship !== undefined || request.legalStatus !== undefined;
      return ok({
        ...base,
        type: 'citizenshipChanged',
        citizenship: request.citizenship ?? (isGiven ? person.citizenship.citizenship : 'LVA'),
        legalStatus: request.legalStatus ?? (isGiven ? person.citizenship.legalStatus : 'citizen'),
      });
    }
    case 'guardianshipChanged': {
      const isRestricted = request.legalCapacityRestricted ?? true;
      const child = person.relatives.children[0]?.personalCode;
      const guardians = request.guardianPersonalCodes ?? (isRestricted && child ? [child] : []);
      return ok({
        ...base,
        type: 'guardianshipChanged',
        legalCapacityRestricted: isRestricted,
        guardianPersonalCodes: guardians,
      });
    }
    case 'died':
      return ok({ ...base, type: 'died', deathPlace: request.deathPlace });
    case 'correction': {
      const scope = request.scope ?? 'birth';
      const value =
        request.value ??
        (scope === 'birth' ? { ...person.birth, birthPlace: source.addresses.place().name } : undefined);
      if (value === undefined) return missing('value', `is required to correct ${scope}`);
      return ok({
        ...base,
        type: 'correction',
        scope,
        value,
        reason: request.reason ?? 'registry office correction',
      });
    }
    case 'divorced':
    case 'personalCodeChanged':
      return ok({ ...base, type: request.type });
  }
  const unsupported: never = request.type;
  throw new Error(`test event type ${String(unsupported)} has no completion`);
}

function ok(input: LifeEventInput): Completion {
  return { ok: true, input };
}

/** Details that belong to another event type: refused rather than silently ignored. */
function foreignDetails(request: TestEventRequest): InvalidParam[] {
  const allowed = new Set<string>([
    'personalCode',
    'type',
    'effectiveDate',
    ...testEventDetails[request.type],
  ]);
  return Object.keys(request)
    .filter((name) => !allowed.has(name))
    .map((name) => ({ name, code: 'notForType', reason: `is not a detail of a ${request.type} event` }));
}

function newAddress(source: EventSource) {
  return source.addresses.any(source.addresses.place());
}

function namesFor(person: PersonRecord, source: EventSource): string {
  return source.random.pick(person.identity.sex === 'M' ? latvianNames.male : latvianNames.female);
}

/** The named person is a parent; the other parent is their spouse, when they have one. */
function birthOf(request: TestEventRequest, parent: PersonRecord, source: EventSource): LifeEventInput {
  const sex = request.sex ?? (source.random.chance(0.51) ? 'M' : 'F');
  const spouse = parent.civilStatus.maritalStatus === 'married' ? parent.civilStatus.spouse : null;
  const isFather = parent.identity.sex === 'M';
  const fatherSurname = isFather ? parent.identity.surname : spouse?.surname;
  const surname = fatherSurname
    ? sex === 'M'
      ? fatherSurname
      : feminineSurname(fatherSurname)
    : parent.identity.surname;
  return {
    environment: 'test',
    type: 'born',
    ...(request.effectiveDate === undefined ? {} : { effectiveDate: request.effectiveDate }),
    givenNames:
      request.givenNames ?? source.random.pick(sex === 'M' ? latvianNames.male : latvianNames.female),
    surname: request.surname ?? surname,
    sex,
    motherPersonalCode: isFather ? spouse?.personalCode : parent.identity.personalCode,
    fatherPersonalCode: isFather ? parent.identity.personalCode : spouse?.personalCode,
  };
}
