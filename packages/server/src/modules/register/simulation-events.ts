import type { LifeEventInput, PersonRecord } from '@fpr/contract';
import { yearsBetween } from './life-event-context';
import type { AddressAllocator } from './synthetic/geography';
import { feminineSurname, latvianNames } from './synthetic/names';
import { type Random, weightedTable } from './synthetic/random';

type Kind = LifeEventInput['type'];

/** How often each life event happens in the simulated stream (moves and documents dominate). */
export const simulatedEventMix = weightedTable<Kind>([
  ['addressDeclared', 30],
  ['documentIssued', 15],
  ['documentStatusChanged', 6],
  ['married', 8],
  ['born', 8],
  ['died', 6],
  ['divorced', 3],
  ['additionalAddressChanged', 3],
  ['registered', 3],
  ['nameChanged', 2],
  ['citizenshipChanged', 2],
  ['personalCodeChanged', 2],
  ['guardianshipChanged', 1],
  ['correction', 1],
]);

export interface EventSource {
  random: Random;
  addresses: AddressAllocator;
  environment: LifeEventInput['environment'];
  today: string;
}

const age = (p: PersonRecord, today: string) => yearsBetween(p.identity.birthDate, today);
const isFree = (p: PersonRecord) => p.civilStatus.maritalStatus !== 'married';

/**
 * Builds one plausible life event of the given kind from a sample of living persons, or null when
 * the sample holds no fitting candidate. The register still has the last word: it may refuse.
 */
export function buildEvent(kind: Kind, sample: PersonRecord[], source: EventSource): LifeEventInput | null {
  const { random, today, environment } = source;
  const find = (test: (p: PersonRecord) => boolean) => sample.find(test) ?? null;
  const base = { environment };
  switch (kind) {
    case 'addressDeclared': {
      const person = sample[0];
      return person ? { ...base, type: kind, personalCode: code(person), address: newAddress(source) } : null;
    }
    case 'additionalAddressChanged': {
      const person = find((p) => age(p, today) >= 18);
      return person ? { ...base, type: kind, personalCode: code(person), add: newAddress(source) } : null;
    }
    case 'documentIssued':
      return issueDocument(sample[0], source);
    case 'documentStatusChanged': {
      const person = find((p) => p.documents.documents.some((d) => d.status === 'valid'));
      const document = person?.documents.documents.find((d) => d.status === 'valid');
      if (!person || !document) return null;
      const status = random.pick(['expired', 'expired', 'lost', 'lost', 'invalid', 'stolen'] as const);
      return { ...base, type: kind, personalCode: code(person), documentNumber: document.number, status };
    }
    case 'married':
      return marry(sample, source);
    case 'born':
      return birth(sample, source);
    case 'died': {
      const oldest = [...sample].sort((a, b) => a.identity.birthDate.localeCompare(b.identity.birthDate))[0];
      return oldest && age(oldest, today) >= 60 ? { ...base, type: kind, personalCode: code(oldest) } : null;
    }
    case 'divorced': {
      const person = find((p) => p.civilStatus.maritalStatus === 'married');
      return person ? { ...base, type: kind, personalCode: code(person) } : null;
    }
    case 'registered':
      return immigrant(source);
    case 'nameChanged': {
      const person = find((p) => age(p, today) >= 18);
      if (!person) return null;
      const givenNames = random.pick(person.identity.sex === 'M' ? latvianNames.male : latvianNames.female);
      return { ...base, type: kind, personalCode: code(person), givenNames, reason: 'application' };
    }
    case 'citizenshipChanged': {
      const person = find((p) =>
        ['foreigner', 'non-citizen', 'stateless'].includes(p.citizenship.legalStatus),
      );
      return person
        ? { ...base, type: kind, personalCode: code(person), citizenship: 'LVA', legalStatus: 'citizen' }
        : null;
    }
    case 'personalCodeChanged': {
      const person = find(
        (p) => !p.identity.personalCode.startsWith('32') && p.identity.previousPersonalCodes.length === 0,
      );
      return person ? { ...base, type: kind, personalCode: code(person) } : null;
    }
    case 'guardianshipChanged':
      return guardianship(sample, source);
    case 'correction': {
      const person = sample[0];
      if (!person) return null;
      const value = { ...person.birth, birthPlace: source.addresses.place().name };
      return {
        ...base,
        type: kind,
        personalCode: code(person),
        scope: 'birth',
        value,
        reason: 'registry office correction',
      };
    }
    default:
      return null;
  }
}

function code(person: PersonRecord): string {
  return person.identity.personalCode;
}

function newAddress(source: EventSource) {
  return source.addresses.any(source.addresses.place());
}

/** A plausible new identity document for the person (a residence permit for a non-citizen). */
export function issueDocument(person: PersonRecord | undefined, source: EventSource): LifeEventInput | null {
  if (!person) return null;
  const isCitizen = person.citizenship.legalStatus === 'citizen';
  const type = isCitizen ? source.random.pick(['passport', 'id-card'] as const) : 'residence-permit';
  const years = age(person, source.today) < 18 ? 5 : 10;
  const validUntil = `${Number(source.today.slice(0, 4)) + years}${source.today.slice(4)}`;
  const prefix = { passport: 'PA', 'id-card': 'PB', 'residence-permit': 'RP' }[type];
  const number = `${prefix}${String(source.random.int(0, 9_999_999)).padStart(7, '0')}`;
  return {
    environment: source.environment,
    type: 'documentIssued',
    personalCode: code(person),
    document: { type, number, validUntil, issuer: 'PMLP' },
  };
}

function marry(sample: PersonRecord[], source: EventSource): LifeEventInput | null {
  const adults = sample.filter((p) => isFree(p) && age(p, source.today) >= 18);
  const husband = adults.find((p) => p.identity.sex === 'M');
  const wife =
    husband &&
    adults.find(
      (p) => p.identity.sex === 'F' && Math.abs(age(p, source.today) - age(husband, source.today)) <= 15,
    );
  if (!husband || !wife) return null;
  const takesSurname = source.random.chance(0.7);
  return {
    environment: source.environment,
    type: 'married',
    personalCode: code(husband),
    spousePersonalCode: code(wife),
    ...(takesSurname ? { spouseSurname: feminineSurname(husband.identity.surname) } : {}),
  };
}

function birth(sample: PersonRecord[], source: EventSource): LifeEventInput | null {
  const mother = sample.find(
    (p) =>
      p.identity.sex === 'F' &&
      p.civilStatus.maritalStatus === 'married' &&
      age(p, source.today) >= 18 &&
      age(p, source.today) <= 45,
  );
  const father = mother?.civilStatus.spouse;
  if (!mother || !father) return null;
  const sex = source.random.chance(0.51) ? 'M' : 'F';
  return {
    environment: source.environment,
    type: 'born',
    givenNames: source.random.pick(sex === 'M' ? latvianNames.male : latvianNames.female),
    surname: sex === 'M' ? father.surname : feminineSurname(father.surname),
    sex,
    motherPersonalCode: code(mother),
    fatherPersonalCode: father.personalCode,
  };
}

const immigrantCountries = ['UKR', 'LTU', 'RUS', 'DEU', 'IND', 'UZB', 'BLR'] as const;

function immigrant(source: EventSource): LifeEventInput {
  const { random } = source;
  const sex = random.chance(0.5) ? 'M' : 'F';
  const pair = random.pick(latvianNames.surnames);
  const country = random.pick(immigrantCountries);
  const year = Number(source.today.slice(0, 4)) - random.int(18, 60);
  return {
    environment: source.environment,
    type: 'registered',
    givenNames: random.pick(sex === 'M' ? latvianNames.male : latvianNames.female),
    surname: sex === 'M' ? pair.male : pair.female,
    sex,
    birthDate: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    birthCountry: country,
    citizenship: country,
    legalStatus: 'foreigner',
    address: newAddress(source),
  };
}

function guardianship(sample: PersonRecord[], source: EventSource): LifeEventInput | null {
  const ward = sample.find((p) => age(p, source.today) >= 70 && p.relatives.children.length > 0);
  const guardian = ward?.relatives.children[0];
  if (!ward || !guardian) return null;
  return {
    environment: source.environment,
    type: 'guardianshipChanged',
    personalCode: code(ward),
    legalCapacityRestricted: true,
    guardianPersonalCodes: [guardian.personalCode],
  };
}
