import type { LegalStatus, MaritalStatus } from '@fpr/contract';
import type { PersonalCodeIssuer } from './codes';
import { addYears, dayOf } from './dates';
import type { AddressAllocator, AddressValue } from './geography';
import type { NamePool, SurnamePair } from './names';
import { type Place, registryOfficeOf } from './places';
import type { Random } from './random';
import type { SerialNumbers } from './serials';

export type Sex = 'M' | 'F';

/** Where a family comes from: it decides names, citizenship and where its members were born. */
export interface Origin {
  readonly names: NamePool;
  /** Alpha-3 code of a foreign citizenship; null for a family at home in Latvia. */
  readonly country: string | null;
  readonly isEuCitizen: boolean;
  /** A Russian-speaking family whose members born before 1991 stayed non-citizens. */
  readonly isNonCitizen: boolean;
  /** Day a foreign family arrived: its registration and residence permits start there. */
  readonly arrivalDay: number | null;
  readonly foreignBirthPlaces: readonly string[];
}

export interface Home {
  readonly address: AddressValue;
  readonly place: Place;
  readonly since: number;
}

export interface NameChange {
  readonly givenNames: string;
  readonly surname: string;
  readonly validFrom: number;
  readonly validTo: number;
  readonly reason: string;
}

/** A person while the household is being assembled: references are objects, dates day numbers. */
export interface PersonDraft {
  readonly sex: Sex;
  readonly birthDay: number;
  readonly givenNames: string;
  readonly birthSurname: string;
  surnamePair: SurnamePair;
  surname: string;
  readonly nameChanges: NameChange[];
  readonly origin: Origin;
  readonly personalCode: string;
  readonly previousPersonalCodes: string[];
  readonly birthCountry: string;
  readonly birthPlace: string;
  /** Registry office and date of a birth registered in Latvia; null when born abroad. */
  readonly birthRegistration: { office: string; day: number } | null;
  readonly legalStatus: LegalStatus;
  readonly citizenship: string | null;
  readonly citizenshipSince: number;
  /** First day the register knew the person: birth registration or arrival. */
  readonly registeredDay: number;
  home: Home | null;
  foreignAddress: { country: string; text: string } | null;
  maritalStatus: MaritalStatus;
  maritalSince: number | null;
  spouse: PersonDraft | null;
  readonly parents: PersonDraft[];
  readonly children: PersonDraft[];
  readonly guardians: Array<{ guardian: PersonDraft; since: number }>;
  deathDay: number | null;
}

/** What every generator step may use; `left` is the number of persons still to generate. */
export interface GenerationContext {
  readonly random: Random;
  readonly today: number;
  readonly addresses: AddressAllocator;
  readonly codes: PersonalCodeIssuer;
  readonly serials: SerialNumbers;
  left: number;
}

export interface NewPerson {
  readonly origin: Origin;
  readonly sex: Sex;
  readonly birthDay: number;
  readonly pair: SurnamePair;
  /** Where a person born in Latvia was born; the family's place for children. */
  readonly birthPlace: Place;
}

const NON_CITIZEN_BORN_BEFORE = dayOf('1991-08-21');
// The law on non-citizens' status took effect on 25.04.1995.
const NON_CITIZEN_SINCE = dayOf('1995-04-25');
const SECOND_GIVEN_NAME_SHARE = 0.06;

function givenNamesFor(random: Random, pool: NamePool, sex: Sex): string {
  const names = sex === 'M' ? pool.male : pool.female;
  const first = random.pick(names);
  if (!random.chance(SECOND_GIVEN_NAME_SHARE)) return first;
  const second = random.pick(names);
  return second === first ? first : `${first} ${second}`;
}

type Birth = Pick<PersonDraft, 'birthCountry' | 'birthPlace' | 'birthRegistration' | 'registeredDay'>;

function birthOf(ctx: GenerationContext, person: NewPerson): Birth {
  const { origin, birthDay } = person;
  if (origin.country !== null && origin.arrivalDay !== null && birthDay < origin.arrivalDay) {
    const birthPlace = ctx.random.pick(origin.foreignBirthPlaces);
    return {
      birthCountry: origin.country,
      birthPlace,
      birthRegistration: null,
      registeredDay: origin.arrivalDay,
    };
  }
  const registered = Math.min(ctx.today, birthDay + ctx.random.int(2, 25));
  const birthRegistration = { office: registryOfficeOf(person.birthPlace), day: registered };
  return {
    birthCountry: 'LVA',
    birthPlace: person.birthPlace.town,
    birthRegistration,
    registeredDay: birthDay,
  };
}

type Citizenship = Pick<PersonDraft, 'legalStatus' | 'citizenship' | 'citizenshipSince'>;

function citizenshipOf(ctx: GenerationContext, person: NewPerson, registeredDay: number): Citizenship {
  const { origin, birthDay } = person;
  if (origin.country !== null) return foreignStatus(ctx.random, origin.country, registeredDay);
  if (origin.isNonCitizen && birthDay < NON_CITIZEN_BORN_BEFORE) {
    return {
      legalStatus: 'non-citizen',
      citizenship: null,
      citizenshipSince: Math.max(birthDay, NON_CITIZEN_SINCE),
    };
  }
  return { legalStatus: 'citizen', citizenship: 'LVA', citizenshipSince: birthDay };
}

// A few foreigners hold a protective status instead: rare, but the register must show them.
function foreignStatus(random: Random, country: string, since: number): Citizenship {
  const draw = random.next();
  if (draw < 0.01) return { legalStatus: 'stateless', citizenship: null, citizenshipSince: since };
  if (draw < 0.02) return { legalStatus: 'refugee', citizenship: country, citizenshipSince: since };
  if (draw < 0.03)
    return { legalStatus: 'alternative-status', citizenship: country, citizenshipSince: since };
  return { legalStatus: 'foreigner', citizenship: country, citizenshipSince: since };
}

/** A new person of a household, single and without relatives until the household links them. */
export function createPerson(ctx: GenerationContext, person: NewPerson): PersonDraft {
  ctx.left -= 1;
  const birth = birthOf(ctx, person);
  const codes = ctx.codes.forPerson(person.birthDay, birth.registeredDay);
  const surname = person.sex === 'M' ? person.pair.male : person.pair.female;
  return {
    sex: person.sex,
    birthDay: person.birthDay,
    givenNames: givenNamesFor(ctx.random, person.origin.names, person.sex),
    birthSurname: surname,
    surnamePair: person.pair,
    surname,
    nameChanges: [],
    origin: person.origin,
    ...codes,
    ...birth,
    ...citizenshipOf(ctx, person, birth.registeredDay),
    home: null,
    foreignAddress: null,
    maritalStatus: 'single',
    maritalSince: null,
    spouse: null,
    parents: [],
    children: [],
    guardians: [],
    deathDay: null,
  };
}

/** A birth day for someone `age` full years old on `today`. */
export function birthDayForAge(random: Random, today: number, age: number): number {
  return addYears(today, -age) - random.int(0, 364);
}

/** Takes the surname of the other spouse's family and remembers the name left behind. */
export function takeSurname(person: PersonDraft, pair: SurnamePair, day: number, reason: string): void {
  const surname = person.sex === 'M' ? pair.male : pair.female;
  if (surname === person.surname) return;
  const validFrom = person.nameChanges.at(-1)?.validTo ?? person.birthDay;
  person.nameChanges.push({
    givenNames: person.givenNames,
    surname: person.surname,
    validFrom,
    validTo: day,
    reason,
  });
  person.surnamePair = pair;
  person.surname = surname;
}

/** Links a parent and a child on both sides. */
export function linkChild(parent: PersonDraft, child: PersonDraft): void {
  parent.children.push(child);
  child.parents.push(parent);
}
