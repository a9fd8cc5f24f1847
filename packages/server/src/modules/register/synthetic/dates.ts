/**
 * Calendar dates as day numbers (days since 1970-01-01): the generator does date arithmetic
 * millions of times, and integers compare and add without allocating. Conversions use the
 * proleptic Gregorian algorithms of H. Hinnant (no Date objects on the hot path).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Formatting is cached by day: a population reuses a few tens of thousands of distinct dates.
const CACHE_FROM = -80_000; // 1750
const CACHE_SIZE = 160_000; // to 2188
const isoCache: Array<string | undefined> = new Array(CACHE_SIZE);

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function dayOf(iso: string): number {
  const match = ISO_DATE.exec(iso);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a real YYYY-MM-DD date: ${iso}`);
  }
  return daysFromCivil(year, month, day);
}

function formatIso(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function isoDate(days: number): string {
  const slot = days - CACHE_FROM;
  if (slot < 0 || slot >= CACHE_SIZE) return formatIso(days);
  let iso = isoCache[slot];
  if (iso === undefined) {
    iso = formatIso(days);
    isoCache[slot] = iso;
  }
  return iso;
}

export function yearOf(days: number): number {
  return civilFromDays(days).year;
}

/** The same calendar day `years` later (29 February becomes 28 February in common years). */
export function addYears(days: number, years: number): number {
  const { year, month, day } = civilFromDays(days);
  const target = year + years;
  return daysFromCivil(target, month, Math.min(day, daysInMonth(target, month)));
}

/** Full years completed between a birth day and another day. */
export function ageOn(birthDay: number, days: number): number {
  const birth = civilFromDays(birthDay);
  const on = civilFromDays(days);
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}
