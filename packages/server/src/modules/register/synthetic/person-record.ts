import type { PersonRecord, RelatedPerson, Relative } from '@fpr/contract';
import { addYears, ageOn, isoDate } from './dates';
import { documentsFor } from './documents';
import type { AddressValue } from './geography';
import type { GenerationContext, PersonDraft } from './person-draft';
import { registryOfficeOf } from './places';

const DAYS_PER_YEAR = 365;
const ADDITIONAL_ADDRESS_SHARE = 0.05;
// Shares of households that lived elsewhere before their home, and of adults with yet another
// address before that.
const MOVED_BEFORE_SHARE = 0.5;
const EARLIER_STILL_SHARE = 0.15;

type PreviousAddress = PersonRecord['residenceHistory']['previousAddresses'][number];

/**
 * The address a household lived at before its current home, drawn once per home so that the
 * family that moved together shares it.
 */
export type EarlierHomes = Map<string, EarlierHome | null>;

interface EarlierHome {
  readonly address: AddressValue;
  readonly from: number;
}

function related(person: PersonDraft): RelatedPerson {
  return { surname: person.surname, givenNames: person.givenNames, personalCode: person.personalCode };
}

function relative(person: PersonDraft, relation: Relative['relation']): Relative {
  return {
    surname: person.surname,
    relation,
    givenNames: person.givenNames,
    personalCode: person.personalCode,
  };
}

// Explicit fields rather than spreads: this runs millions of times and spreads are slow.
function previousAddress(address: AddressValue, from: number, to: number): PreviousAddress {
  const { atvk, text, postcode, addressCode } = address;
  return { atvk, text, validTo: isoDate(to), postcode, validFrom: isoDate(from), addressCode };
}

function earlierHome(ctx: GenerationContext, person: PersonDraft, homes: EarlierHomes): EarlierHome | null {
  const home = person.home;
  if (!home) return null;
  let earlier = homes.get(home.address.addressCode);
  if (earlier === undefined) {
    const moved = ctx.random.chance(MOVED_BEFORE_SHARE);
    const from = home.since - ctx.random.int(DAYS_PER_YEAR, 12 * DAYS_PER_YEAR);
    earlier = moved ? { address: ctx.addresses.any(ctx.addresses.place()), from } : null;
    homes.set(home.address.addressCode, earlier);
  }
  return earlier;
}

function residenceHistory(
  ctx: GenerationContext,
  person: PersonDraft,
  homes: EarlierHomes,
): PreviousAddress[] {
  const earlier = earlierHome(ctx, person, homes);
  const since = person.home?.since;
  if (!earlier || since === undefined) return [];
  const from = Math.max(earlier.from, person.birthDay, person.origin.arrivalDay ?? person.birthDay);
  if (from >= since) return [];
  const history = [previousAddress(earlier.address, from, since)];
  const adult = addYears(person.birthDay, 18);
  if (from - DAYS_PER_YEAR > adult && ctx.random.chance(EARLIER_STILL_SHARE)) {
    const start = ctx.random.int(adult, from - DAYS_PER_YEAR);
    history.unshift(previousAddress(ctx.addresses.any(ctx.addresses.place()), start, from));
  }
  return history;
}

function residence(ctx: GenerationContext, person: PersonDraft): PersonRecord['residence'] {
  const home = person.home;
  const address = home?.address;
  const declaredAddress = address
    ? {
        atvk: address.atvk,
        text: address.text,
        since: isoDate(home.since),
        postcode: address.postcode,
        addressCode: address.addressCode,
      }
    : null;
  const additionalAddresses: PersonRecord['residence']['additionalAddresses'] = [];
  const asOf = person.deathDay ?? ctx.today;
  if (
    home &&
    home.since < asOf &&
    ageOn(person.birthDay, asOf) >= 25 &&
    ctx.random.chance(ADDITIONAL_ADDRESS_SHARE)
  ) {
    const from = ctx.random.int(home.since, asOf);
    const to = ctx.random.chance(0.3) && from < asOf ? ctx.random.int(from + 1, asOf) : null;
    const { atvk, text, postcode, addressCode } = ctx.addresses.any(ctx.addresses.place());
    additionalAddresses.push({
      atvk,
      text,
      validTo: to === null ? null : isoDate(to),
      postcode,
      validFrom: isoDate(from),
      addressCode,
    });
  }
  return { foreignAddress: person.foreignAddress, declaredAddress, additionalAddresses };
}

function birth(ctx: GenerationContext, person: PersonDraft): PersonRecord['birth'] {
  const registration = person.birthRegistration;
  const birthRegistration = registration && {
    date: isoDate(registration.day),
    office: registration.office,
    entryNumber: ctx.serials.entry(isoDate(registration.day)),
  };
  return {
    birthDate: isoDate(person.birthDay),
    birthPlace: person.birthPlace,
    birthCountry: person.birthCountry,
    birthRegistration,
  };
}

function death(ctx: GenerationContext, person: PersonDraft): PersonRecord['death'] {
  if (person.deathDay === null) return { deathDate: null, deathPlace: null, deathRegistration: null };
  const place = person.home?.place ?? ctx.addresses.place();
  const registered = Math.min(ctx.today, person.deathDay + ctx.random.int(1, 6));
  const deathRegistration = {
    date: isoDate(registered),
    office: registryOfficeOf(place),
    entryNumber: ctx.serials.entry(isoDate(registered)),
  };
  return { deathDate: isoDate(person.deathDay), deathPlace: place.town, deathRegistration };
}

// Sensitive statuses belong to the generations of the occupation and the war: very rare, old people only.
function specialStatuses(ctx: GenerationContext, person: PersonDraft): PersonRecord['specialStatuses'] {
  const year = new Date(person.birthDay * 86_400_000).getUTCFullYear();
  const random = ctx.random;
  const politicallyRepressed = year <= 1949 && random.chance(0.03);
  const nationalResistanceParticipant = year <= 1932 && random.chance(0.02);
  const worldWarTwoParticipant = year <= 1927 && random.chance(0.1);
  return { politicallyRepressed, worldWarTwoParticipant, nationalResistanceParticipant };
}

/**
 * The full register record of a drafted person; every reference names a person of the population.
 * Every object lists its members in the order `jsonb` stores them (shorter keys first, then
 * bytewise): PostgreSQL then finds each object already sorted when it parses the seed's JSON,
 * which saves it about a sixth of its CPU per person. The stored value is the same in any order.
 * The parts that draw random numbers are drawn in a fixed order first, so the seed's persons stay
 * the same.
 */
export function toPersonRecord(
  ctx: GenerationContext,
  person: PersonDraft,
  homes: EarlierHomes,
): PersonRecord {
  const birthScope = birth(ctx, person);
  const residenceScope = residence(ctx, person);
  const previousAddresses = residenceHistory(ctx, person, homes);
  const documents = documentsFor(ctx, person);
  const deathScope = death(ctx, person);
  const statuses = specialStatuses(ctx, person);
  return {
    birth: birthScope,
    death: deathScope,
    names: {
      nameHistory: person.nameChanges.map((change) => ({
        reason: change.reason,
        surname: change.surname,
        validTo: isoDate(change.validTo),
        validFrom: isoDate(change.validFrom),
        givenNames: change.givenNames,
      })),
      birthSurname: person.birthSurname,
    },
    identity: {
      sex: person.sex,
      status: person.deathDay === null ? 'active' : 'deceased',
      surname: person.surname,
      birthDate: isoDate(person.birthDay),
      givenNames: person.givenNames,
      personalCode: person.personalCode,
      previousPersonalCodes: person.previousPersonalCodes,
    },
    documents: { documents },
    relatives: {
      parents: person.parents.map((parent) => relative(parent, parent.sex === 'F' ? 'mother' : 'father')),
      children: person.children.map((child) => relative(child, 'child')),
    },
    residence: residenceScope,
    citizenship: {
      since: isoDate(person.citizenshipSince),
      citizenship: person.citizenship,
      legalStatus: person.legalStatus,
    },
    civilStatus: {
      since: person.maritalSince === null ? null : isoDate(person.maritalSince),
      spouse: person.spouse && related(person.spouse),
      maritalStatus: person.maritalStatus,
    },
    guardianship: {
      guardians: person.guardians.map(({ guardian, since }) => ({
        since: isoDate(since),
        surname: guardian.surname,
        givenNames: guardian.givenNames,
        personalCode: guardian.personalCode,
      })),
      legalCapacityRestricted: person.guardians.length > 0,
    },
    specialStatuses: statuses,
    residenceHistory: { previousAddresses },
  };
}
