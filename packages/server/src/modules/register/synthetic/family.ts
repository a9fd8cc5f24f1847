import { drawAge } from './ages';
import { addYears, ageOn } from './dates';
import {
  birthDayForAge,
  createPerson,
  type GenerationContext,
  type Home,
  linkChild,
  type Origin,
  type PersonDraft,
  type Sex,
  takeSurname,
} from './person-draft';
import type { Place } from './places';
import { weightedTable } from './random';

const DAYS_PER_YEAR = 365;
const childCounts = weightedTable([
  [0, 22],
  [1, 30],
  [2, 33],
  [3, 15],
] as const);
const WIFE_TAKES_SURNAME = 0.88;
const DIVORCE_SHARE = 0.14;
/** Adult children: who marries (within the household), who has left home. */
const ADULT_CHILD_MARRIES = 0.45;
const YOUNG_ADULT_STAYS_HOME = 0.6;
const MOTHER_AGE_MIN = 18;
const MOTHER_AGE_MAX = 45;

/** Moves a person into a home from `since` on (never before their birth or arrival in Latvia). */
export function moveIn(person: PersonDraft, place: Place, home: Home['address'], since: number): void {
  const earliest = Math.max(person.birthDay, person.origin.arrivalDay ?? person.birthDay);
  person.home = { address: home, place, since: Math.max(since, earliest) };
}

/** A new home of the household at a place; the members move in separately. */
export function newHome(ctx: GenerationContext, place: Place): Home['address'] {
  return ctx.addresses.home(place);
}

/** A day in [from, to]; `to` below `from` gives `from`. */
export function dayBetween(ctx: GenerationContext, from: number, to: number): number {
  return to <= from ? from : ctx.random.int(from, to);
}

/** A married couple with children, grandchildren through married adult children, and their fate. */
export function coupleHousehold(ctx: GenerationContext, origin: Origin): PersonDraft[] {
  const wifeBirth = birthDayForAge(ctx.random, ctx.today, drawAge(ctx.random, 'F', 21, 94));
  const husbandBirth = addYears(wifeBirth, -ctx.random.int(-2, 7)) + ctx.random.int(-150, 150);
  const place = ctx.addresses.place();
  // A husband drawn younger than 21 becomes a 21-year-old on a random day of that age: clamped to one
  // day, a 2,000,000-person population put over 900 husbands on it, more than one birth date's codes.
  const youngest = addYears(ctx.today, -21);
  const husbandDay = husbandBirth <= youngest ? husbandBirth : birthDayForAge(ctx.random, ctx.today, 21);
  const husband = newcomer(ctx, origin, 'M', husbandDay, place);
  const wife = newcomer(ctx, origin, 'F', wifeBirth, place);
  const household = [husband, wife];
  startFamily(ctx, husband, wife, place, household, 0);
  return household;
}

/** A person whose parents are not in the population. */
export function newcomer(
  ctx: GenerationContext,
  origin: Origin,
  sex: Sex,
  birthDay: number,
  place: Place,
): PersonDraft {
  const pair = ctx.random.pick(origin.names.surnames);
  return createPerson(ctx, {
    origin,
    sex,
    birthDay,
    pair,
    birthPlace: ctx.random.chance(0.5) ? place : ctx.addresses.place(),
  });
}

function startFamily(
  ctx: GenerationContext,
  husband: PersonDraft,
  wife: PersonDraft,
  place: Place,
  household: PersonDraft[],
  depth: number,
): void {
  const earliest = Math.max(addYears(husband.birthDay, 20), addYears(wife.birthDay, 19));
  const married = dayBetween(ctx, earliest, Math.min(ctx.today, earliest + 12 * DAYS_PER_YEAR));
  marry(ctx, husband, wife, married);
  const home = newHome(ctx, place);
  const since = dayBetween(ctx, married, Math.min(ctx.today, married + 3 * DAYS_PER_YEAR));
  for (const spouse of [husband, wife]) moveIn(spouse, place, home, since);
  const children = bearChildren(ctx, husband, wife, married, household);
  for (const child of children) settleChild(ctx, child, wife, place, household, depth);
  decideFate(ctx, husband, wife, married);
}

function marry(ctx: GenerationContext, husband: PersonDraft, wife: PersonDraft, day: number): void {
  if (ctx.random.chance(WIFE_TAKES_SURNAME)) takeSurname(wife, husband.surnamePair, day, 'marriage');
  for (const [person, spouse] of [
    [husband, wife],
    [wife, husband],
  ] as const) {
    person.maritalStatus = 'married';
    person.maritalSince = day;
    person.spouse = spouse;
  }
}

function bearChildren(
  ctx: GenerationContext,
  father: PersonDraft,
  mother: PersonDraft,
  married: number,
  household: PersonDraft[],
): PersonDraft[] {
  const wanted = ctx.random.weighted(childCounts);
  const lastPossible = Math.min(ctx.today, addYears(mother.birthDay, MOTHER_AGE_MAX + 1) - 1);
  let birthDay = Math.max(addYears(mother.birthDay, MOTHER_AGE_MIN + 1), married - 2 * DAYS_PER_YEAR);
  birthDay += ctx.random.int(0, 6 * DAYS_PER_YEAR);
  const children: PersonDraft[] = [];
  while (children.length < wanted && birthDay <= lastPossible && ctx.left > 0) {
    children.push(bear(ctx, father, mother, birthDay));
    birthDay += ctx.random.int(Math.round(1.3 * DAYS_PER_YEAR), 7 * DAYS_PER_YEAR);
  }
  household.push(...children);
  return children;
}

/** A child of the couple: the father's surname in the child's form. */
export function bear(
  ctx: GenerationContext,
  father: PersonDraft | null,
  mother: PersonDraft,
  birthDay: number,
): PersonDraft {
  const sex: Sex = ctx.random.chance(0.51) ? 'M' : 'F';
  const pair = (father ?? mother).surnamePair;
  const birthPlace = mother.home?.place ?? ctx.addresses.place();
  const child = createPerson(ctx, { origin: mother.origin, sex, birthDay, pair, birthPlace });
  linkChild(mother, child);
  if (father) linkChild(father, child);
  return child;
}

function settleChild(
  ctx: GenerationContext,
  child: PersonDraft,
  mother: PersonDraft,
  place: Place,
  household: PersonDraft[],
  depth: number,
): void {
  const age = ageOn(child.birthDay, ctx.today);
  const parentsHome = mother.home;
  if (parentsHome && (age < 18 || (age < 25 && ctx.random.chance(YOUNG_ADULT_STAYS_HOME)))) {
    moveIn(child, parentsHome.place, parentsHome.address, parentsHome.since);
    return;
  }
  if (depth === 0 && age >= 23 && ctx.left > 0 && ctx.random.chance(ADULT_CHILD_MARRIES)) {
    marryOff(ctx, child, place, household, depth);
    return;
  }
  const ownPlace = ctx.random.chance(0.6) ? place : ctx.addresses.place();
  moveIn(
    child,
    ownPlace,
    newHome(ctx, ownPlace),
    addYears(child.birthDay, ctx.random.int(18, Math.min(age, 30))),
  );
}

function marryOff(
  ctx: GenerationContext,
  child: PersonDraft,
  place: Place,
  household: PersonDraft[],
  depth: number,
): void {
  const partnerSex: Sex = child.sex === 'M' ? 'F' : 'M';
  const partnerBirth = child.birthDay + ctx.random.int(-4 * DAYS_PER_YEAR, 3 * DAYS_PER_YEAR);
  const latestBirth = addYears(ctx.today, -21);
  const partner = newcomer(ctx, child.origin, partnerSex, Math.min(partnerBirth, latestBirth), place);
  household.push(partner);
  const [husband, wife] = child.sex === 'M' ? [child, partner] : [partner, child];
  const ownPlace = ctx.random.chance(0.6) ? place : ctx.addresses.place();
  startFamily(ctx, husband, wife, ownPlace, household, depth + 1);
}

/** Chance that a person of this age has died while married: low, so deaths stay near 1–2 %. */
function deathChance(age: number): number {
  return age < 60 ? 0 : Math.min(0.4, (age - 60) * 0.009);
}

/** The last day the couple's story needs both of them: the wedding or the youngest child's birth. */
function lastSharedEvent(married: number, mother: PersonDraft): number {
  let last = married;
  for (const child of mother.children) last = Math.max(last, child.birthDay);
  return last;
}

function decideFate(ctx: GenerationContext, husband: PersonDraft, wife: PersonDraft, married: number): void {
  const lastEvent = lastSharedEvent(married, wife);
  const random = ctx.random;
  if (random.chance(deathChance(ageOn(husband.birthDay, ctx.today)))) {
    die(ctx, husband, wife, lastEvent);
  } else if (random.chance(deathChance(ageOn(wife.birthDay, ctx.today)) / 2)) {
    die(ctx, wife, husband, lastEvent);
  } else if (lastEvent + 2 * DAYS_PER_YEAR < ctx.today && random.chance(DIVORCE_SHARE)) {
    divorce(ctx, husband, wife, lastEvent);
  }
}

function die(ctx: GenerationContext, deceased: PersonDraft, survivor: PersonDraft, after: number): void {
  const earliest = Math.max(after + 1, addYears(deceased.birthDay, 55), deceased.origin.arrivalDay ?? after);
  if (earliest > ctx.today - 1) return;
  const deathDay = dayBetween(ctx, earliest, ctx.today - 1);
  deceased.deathDay = deathDay;
  survivor.maritalStatus = 'widowed';
  survivor.maritalSince = deathDay;
}

function divorce(ctx: GenerationContext, husband: PersonDraft, wife: PersonDraft, after: number): void {
  const day = dayBetween(ctx, after + DAYS_PER_YEAR, ctx.today);
  for (const person of [husband, wife]) {
    person.maritalStatus = 'divorced';
    person.maritalSince = day;
    person.spouse = null;
  }
  // The children stay with their mother; the father moves out.
  const place = ctx.random.chance(0.5)
    ? (husband.home?.place ?? ctx.addresses.place())
    : ctx.addresses.place();
  moveIn(husband, place, newHome(ctx, place), day);
}
