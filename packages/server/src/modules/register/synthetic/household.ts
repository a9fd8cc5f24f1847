import { drawAge, womenShareAt } from './ages';
import { addYears, ageOn } from './dates';
import { bear, coupleHousehold, dayBetween, moveIn, newcomer, newHome } from './family';
import { germanNames, latvianNames, lithuanianNames, russophoneNames } from './names';
import {
  birthDayForAge,
  type GenerationContext,
  type Origin,
  type PersonDraft,
  takeSurname,
} from './person-draft';
import { type Random, weightedTable } from './random';

const DAYS_PER_YEAR = 365;
const householdKinds = weightedTable([
  ['couple', 44],
  ['single', 46],
  ['singleParent', 10],
] as const);
const FOREIGN_HOUSEHOLD_SHARE = 0.03;
const RUSSOPHONE_SHARE = 0.27;
/** Share of Russian-speaking families whose older members stayed non-citizens. */
const NON_CITIZEN_FAMILY_SHARE = 0.3;
const LIVES_ABROAD_SHARE = 0.04;
const GUARDIANSHIP_SHARE = 0.01;

interface ForeignCountry {
  readonly code: string;
  readonly weight: number;
  readonly isEu: boolean;
  readonly names: Origin['names'];
  readonly cities: readonly string[];
}

const foreignCountries = weightedTable<ForeignCountry>(
  [
    {
      code: 'UKR',
      weight: 34,
      isEu: false,
      names: russophoneNames,
      cities: ['Kijiva', 'Harkiva', 'Odesa', 'Ļviva'],
    },
    {
      code: 'RUS',
      weight: 30,
      isEu: false,
      names: russophoneNames,
      cities: ['Maskava', 'Sanktpēterburga', 'Pleskava'],
    },
    {
      code: 'BLR',
      weight: 10,
      isEu: false,
      names: russophoneNames,
      cities: ['Minska', 'Vitebska', 'Gomeļa'],
    },
    {
      code: 'LTU',
      weight: 14,
      isEu: true,
      names: lithuanianNames,
      cities: ['Viļņa', 'Kauņa', 'Šauļi', 'Klaipēda'],
    },
    {
      code: 'DEU',
      weight: 12,
      isEu: true,
      names: germanNames,
      cities: ['Berlīne', 'Hamburga', 'Minhene', 'Ķelne'],
    },
  ].map((country) => [country, country.weight] as const),
);

const abroad = [
  { text: '14 Station Road, Peterborough PE1 1QF', country: 'GBR' },
  { text: '7 Main Street, Dundalk, Co. Louth', country: 'IRL' },
  { text: 'Lindenstraße 21, 10969 Berlin', country: 'DEU' },
  { text: 'Storgata 5, 0155 Oslo', country: 'NOR' },
  { text: 'Storgatan 12, 111 51 Stockholm', country: 'SWE' },
] as const;

function homeOrigin(random: Random): Origin {
  const isRussophone = random.chance(RUSSOPHONE_SHARE);
  return {
    names: isRussophone ? russophoneNames : latvianNames,
    country: null,
    isEuCitizen: false,
    isNonCitizen: isRussophone && random.chance(NON_CITIZEN_FAMILY_SHARE),
    arrivalDay: null,
    foreignBirthPlaces: [],
  };
}

function foreignOrigin(ctx: GenerationContext): Origin {
  const country = ctx.random.weighted(foreignCountries);
  const arrivalDay = ctx.today - ctx.random.int(30, 15 * DAYS_PER_YEAR);
  return {
    names: country.names,
    country: country.code,
    isEuCitizen: country.isEu,
    isNonCitizen: false,
    arrivalDay,
    foreignBirthPlaces: country.cities,
  };
}

/** One household: persons who live (or lived) together, linked to each other. Never more than `ctx.left`. */
export function generateHousehold(ctx: GenerationContext): PersonDraft[] {
  const isForeign = ctx.random.chance(FOREIGN_HOUSEHOLD_SHARE);
  const origin = isForeign ? foreignOrigin(ctx) : homeOrigin(ctx.random);
  const kind = ctx.left < 2 ? 'single' : ctx.random.weighted(householdKinds);
  const household =
    kind === 'couple'
      ? coupleHousehold(ctx, origin)
      : kind === 'single'
        ? singleHousehold(ctx, origin)
        : singleParent(ctx, origin);
  appointGuardians(ctx, household);
  return household;
}

function singleHousehold(ctx: GenerationContext, origin: Origin): PersonDraft[] {
  const random = ctx.random;
  // The age first, then the sex as common at that age: old people living alone are mostly women.
  const age = drawAge(random, random.chance(0.5) ? 'F' : 'M', 18, 99);
  const sex = random.chance(womenShareAt(age)) ? 'F' : 'M';
  const person = newcomer(ctx, origin, sex, birthDayForAge(random, ctx.today, age), ctx.addresses.place());
  if (age >= 25 && random.chance(0.4)) divorcedAlone(ctx, person);
  settleAlone(ctx, person, age);
  if (age >= 70 && random.chance(0.03)) {
    person.deathDay = dayBetween(ctx, addYears(person.birthDay, 70), ctx.today - 1);
  }
  return [person];
}

function settleAlone(ctx: GenerationContext, person: PersonDraft, age: number): void {
  const since = addYears(person.birthDay, ctx.random.int(18, Math.min(age, 40)));
  if (person.origin.country === null && age < 50 && ctx.random.chance(LIVES_ABROAD_SHARE)) {
    person.foreignAddress = ctx.random.pick(abroad);
    return;
  }
  const place = ctx.addresses.place();
  moveIn(person, place, newHome(ctx, place), since);
}

/** Married once to someone outside the population: the marriage shows only in the name history. */
function divorcedAlone(ctx: GenerationContext, person: PersonDraft): void {
  const random = ctx.random;
  const married = dayBetween(
    ctx,
    addYears(person.birthDay, 20),
    Math.min(ctx.today - DAYS_PER_YEAR, addYears(person.birthDay, 35)),
  );
  const divorced = dayBetween(ctx, married + DAYS_PER_YEAR, ctx.today);
  if (person.sex === 'F' && random.chance(0.85)) {
    takeSurname(person, random.pick(person.origin.names.surnames), married, 'marriage');
    // Back to her birth surname; she has no children, so the pair's masculine form is never used.
    const own = { male: person.birthSurname, female: person.birthSurname };
    if (random.chance(0.3)) takeSurname(person, own, divorced, 'divorce');
  }
  person.maritalStatus = 'divorced';
  person.maritalSince = divorced;
}

/** A mother with her minor children; the father is not among the generated persons. */
function singleParent(ctx: GenerationContext, origin: Origin): PersonDraft[] {
  const random = ctx.random;
  const place = ctx.addresses.place();
  const mother = newcomer(ctx, origin, 'F', birthDayForAge(random, ctx.today, random.int(23, 50)), place);
  if (random.chance(0.6)) {
    const married = dayBetween(
      ctx,
      addYears(mother.birthDay, 20),
      Math.min(ctx.today - 3 * DAYS_PER_YEAR, addYears(mother.birthDay, 32)),
    );
    takeSurname(mother, random.pick(origin.names.surnames), married, 'marriage');
    mother.maritalStatus = 'divorced';
    mother.maritalSince = dayBetween(ctx, married + DAYS_PER_YEAR, ctx.today);
  }
  moveIn(mother, place, newHome(ctx, place), ctx.today - random.int(0, 10 * DAYS_PER_YEAR));
  return [mother, ...raiseAlone(ctx, mother)];
}

/** One or two children, minors today, living with their mother. */
function raiseAlone(ctx: GenerationContext, mother: PersonDraft): PersonDraft[] {
  const home = mother.home;
  if (!home) return [];
  const lastBirth = Math.min(ctx.today, addYears(mother.birthDay, 45));
  const firstBirth = Math.max(addYears(mother.birthDay, 19), addYears(ctx.today, -17));
  const children: PersonDraft[] = [];
  let day = dayBetween(ctx, firstBirth, ctx.today);
  for (let count = ctx.random.int(1, 2); count > 0 && ctx.left > 0 && day <= lastBirth; count -= 1) {
    const child = bear(ctx, null, mother, day);
    moveIn(child, home.place, home.address, home.since);
    children.push(child);
    day += ctx.random.int(DAYS_PER_YEAR, 5 * DAYS_PER_YEAR);
  }
  return children;
}

/** A few old persons lose legal capacity; a living adult relative becomes their guardian. */
function appointGuardians(ctx: GenerationContext, household: readonly PersonDraft[]): void {
  for (const person of household) {
    if (person.deathDay !== null || ageOn(person.birthDay, ctx.today) < 75) continue;
    if (!ctx.random.chance(GUARDIANSHIP_SHARE)) continue;
    const relatives = [...person.children, ...(person.spouse ? [person.spouse] : [])];
    const guardian = relatives.find((r) => r.deathDay === null && ageOn(r.birthDay, ctx.today) >= 18);
    if (!guardian) continue;
    const since = dayBetween(
      ctx,
      Math.max(addYears(person.birthDay, 75), addYears(guardian.birthDay, 18)),
      ctx.today,
    );
    person.guardians.push({ guardian, since });
  }
}
