import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

/**
 * Latvian working days (DOMAIN §7): Monday–Friday minus public holidays, adjusted by the Cabinet's
 * overrides (a weekend day worked, a weekday off). Every function works on `YYYY-MM-DD` calendar
 * dates in Latvia; instants become dates only through `rigaDate`.
 */

export const overrideKinds = ['workingDay', 'holiday'] as const;
export type OverrideKind = (typeof overrideKinds)[number];

/** What the rules need besides the statutory holidays: the override table, by day. */
export interface WorkingCalendar {
  readonly overrides: ReadonlyMap<string, OverrideKind>;
}

export function calendarOf(overrides: Iterable<{ day: string; kind: OverrideKind }>): WorkingCalendar {
  return { overrides: new Map([...overrides].map((override) => [override.day, override.kind])) };
}

export const statutoryCalendar: WorkingCalendar = calendarOf([]);

export type DayReason = 'weekend' | 'publicHoliday' | 'holidayOverride' | 'workingDayOverride' | 'weekday';

/** Why a day is (not) worked: an override beats a public holiday, which beats the weekday rule. */
export function dayReason(day: string, calendar: WorkingCalendar): DayReason {
  const override = calendar.overrides.get(day);
  if (override === 'holiday') return 'holidayOverride';
  if (override === 'workingDay') return 'workingDayOverride';
  if (publicHolidayName(day) !== undefined) return 'publicHoliday';
  return isWeekend(day) ? 'weekend' : 'weekday';
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  const reason = dayReason(day, calendar);
  return reason === 'weekday' || reason === 'workingDayOverride';
}

/** The n-th working day after `start` (`start` itself when n is 0). */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let day = start;
  for (let counted = 0; counted < n; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, calendar)) counted += 1;
  }
  return day;
}

/** Working days in (from, to]; negative when `to` lies before `from`. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  if (to < from) {
    const count = workingDaysBetween(to, from, calendar);
    return count === 0 ? 0 : -count;
  }
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count += 1;
  }
  return count;
}

/** The name of the statutory public holiday on `day` (with the 4 May / 18 Nov substitutes), if any. */
export function publicHolidayName(day: string): string | undefined {
  return holidaysOfYear(Number(day.slice(0, 4))).get(day);
}

const holidayCache = new Map<number, ReadonlyMap<string, string>>();

/**
 * date-holidays carries every country's rules (about 8 MB of heap): required at the first date
 * asked, not at start, so a server that computes no deadline never holds it. Synchronously, because
 * the working-day rules are plain functions.
 */
function loadHolidays(): typeof Holidays {
  return createRequire(import.meta.url)('date-holidays');
}
let latvia: Holidays | undefined;

/** Built once per year: date-holidays recomputes Easter and the substitutes on every call. */
function holidaysOfYear(year: number): ReadonlyMap<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  latvia ??= new (loadHolidays())('LV');
  // `date` is the local date in Latvia ("2026-06-23 00:00:00"), not an instant.
  const holidays = new Map(
    latvia
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => [holiday.date.slice(0, 10), holiday.name] as const),
  );
  holidayCache.set(year, holidays);
  return holidays;
}

const rigaFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Riga',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Latvia at an instant (22:30 UTC on 9 June is already 10 June in Rīga). */
export function rigaDate(instant: Date): string {
  // Every request asks for today, and `formatToParts` costs about 0.1 ms. Rīga's offset from UTC is
  // whole hours, so its midnight falls on a whole UTC minute: within one UTC minute the date is one.
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === lastMinute.minute) return lastMinute.date;
  const parts = Object.fromEntries(rigaFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  lastMinute = { minute, date };
  return date;
}

let lastMinute = { minute: Number.NaN, date: '' };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a `YYYY-MM-DD` string naming a day that exists (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  return formatDay(toDayNumber(value)) === value;
}

/**
 * Date-only arithmetic on day numbers (days since 1970-01-01). `Date.UTC` serves only as a
 * proleptic-calendar converter here; no instant or time zone is involved.
 */
export function addCalendarDays(day: string, n: number): string {
  return formatDay(toDayNumber(day) + n);
}

export function calendarDaysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

function isWeekend(day: string): boolean {
  const weekday = new Date(toDayNumber(day) * millisecondsPerDay).getUTCDay();
  return weekday === 0 || weekday === 6;
}

const millisecondsPerDay = 86_400_000;

function toDayNumber(day: string): number {
  const match = datePattern.exec(day);
  if (!match) throw new RangeError('expected a YYYY-MM-DD date');
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / millisecondsPerDay;
}

function formatDay(dayNumber: number): string {
  const date = new Date(dayNumber * millisecondsPerDay);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dayOfMonth = String(date.getUTCDate()).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${month}-${dayOfMonth}`;
}
