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
  return { personalCode: person.personalCode, givenNames: person.givenNames, surname: person.surname };
}

function relative(person: PersonDraft, relation: Relative['relation']): Relative {
  return {
    personalCode: person.personalCode,
    givenNames: person.givenNames,
    surname: person.surname,
    relation,
  };
}

// Explicit fields rather than spreads: this runs millions of times and spreads are slow.
function previousAddress(address: AddressValue, from: number, to: number): PreviousAddress {
  const { addressCode, text, postcode, atvk } = address;
  return { addressCode, text, postcode, atvk, validFrom: isoDate(from), validTo: isoDate(to) };
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
        addressCode: address.addressCode,
        text: address.text,
        postcode: address.postcode,
        atvk: address.atvk,
        since: isoDate(home.since),
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
    const address = ctx.addresses.any(ctx.addresses.place());
    additionalAddresses.push({
      ...address,
      validFrom: isoDate(from),
      validTo: to === null ? null : isoDate(to),
    });
  }
  return { declaredAddress, additionalAddresses, foreignAddress: person.foreignAddress };
}

function birth(ctx: GenerationContext, person: PersonDraft): PersonRecord['birth'] {
  const registration = person.birthRegistration;
  const birthRegistration = registration && {
    entryNumber: ctx.serials.entry(isoDate(registration.day)),
    date: isoDate(registration.day),
    office: registration.office,
  };
  return {
    birthDate: isoDate(person.birthDay),
    birthCountry: person.birthCountry,
    birthPlace: person.birthPlace,
    birthRegistration,
  };
}

function death(ctx: GenerationContext, person: PersonDraft): PersonRecord['death'] {
  if (person.deathDay === null) return { deathDate: null, deathPlace: null, deathRegistration: null };
  const place = person.home?.place ?? ctx.addresses.place();
  const registered = Math.min(ctx.today, person.deathDay + ctx.random.int(1, 6));
  const deathRegistration = {
    entryNumber: ctx.serials.entry(isoDate(registered)),
    date: isoDate(registered),
    office: registryOfficeOf(place),
  };
  return { deathDate: isoDate(person.deathDay), deathPlace: place.town, deathRegistration };
}

// Sensitive statuses belong to the generations of the occupation and the war: very rare, old people only.
function specialStatuses(ctx: GenerationContext, person: PersonDraft): PersonRecord['specialStatuses'] {
  const year = new Date(person.birthDay * 86_400_000).getUTCFullYear();
  const random = ctx.random;
  return {
    politicallyRepressed: year <= 1949 && random.chance(0.03),
    nationalResistanceParticipant: year <= 1932 && random.chance(0.02),
    worldWarTwoParticipant: year <= 1927 && random.chance(0.1),
  };
}

/** The full register record of a drafted person; every reference names a person of the population. */
export function toPersonRecord(
  ctx: GenerationContext,
  person: PersonDraft,
  homes: EarlierHomes,
): PersonRecord {
  return {
    identity: {
      personalCode: person.personalCode,
      previousPersonalCodes: person.previousPersonalCodes,
      givenNames: person.givenNames,
      surname: person.surname,
      sex: person.sex,
      birthDate: isoDate(person.birthDay),
      status: person.deathDay === null ? 'active' : 'deceased',
    },
    names: {
      birthSurname: person.birthSurname,
      nameHistory: person.nameChanges.map((change) => ({
        ...change,
        validFrom: isoDate(change.validFrom),
        validTo: isoDate(change.validTo),
      })),
    },
    birth: birth(ctx, person),
    citizenship: {
      citizenship: person.citizenship,
      legalStatus: person.legalStatus,
      since: isoDate(person.citizenshipSince),
    },
    residence: residence(ctx, person),
    residenceHistory: { previousAddresses: residenceHistory(ctx, person, homes) },
    documents: { documents: documentsFor(ctx, person) },
    civilStatus: {
      maritalStatus: person.maritalStatus,
      since: person.maritalSince === null ? null : isoDate(person.maritalSince),
      spouse: person.spouse && related(person.spouse),
    },
    relatives: {
      parents: person.parents.map((parent) => relative(parent, parent.sex === 'F' ? 'mother' : 'father')),
      children: person.children.map((child) => relative(child, 'child')),
    },
    guardianship: {
      legalCapacityRestricted: person.guardians.length > 0,
      guardians: person.guardians.map(({ guardian, since }) => ({
        ...related(guardian),
        since: isoDate(since),
      })),
    },
    death: death(ctx, person),
    specialStatuses: specialStatuses(ctx, person),
  };
}
