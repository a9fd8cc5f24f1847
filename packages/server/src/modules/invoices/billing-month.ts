import type { InvalidParam } from '@fpr/contract';
import { addCalendarDays } from '../calendar/working-days';

/** A calendar month by its days (Latvian dates; instants are taken at Rīga midnight in SQL). */
export interface BillingMonth {
  /** `YYYY-MM`. */
  month: string;
  firstDay: string;
  lastDay: string;
  /** The first day of the next month: the month is [firstDay, nextFirstDay). */
  nextFirstDay: string;
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month of `YYYY-MM`; undefined when malformed. */
export function billingMonth(month: string): BillingMonth | undefined {
  const match = monthPattern.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const monthNumber = Number(match[2]);
  const firstDay = `${month}-01`;
  const nextFirstDay =
    monthNumber === 12 ? `${year + 1}-01-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}-01`;
  return { month, firstDay, lastDay: addCalendarDays(nextFirstDay, -1), nextFirstDay };
}

/** The month a day falls in. */
export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

/** The month before the one `day` falls in: what the run on the 1st invoices. */
export function previousMonthOf(day: string): string {
  return monthOfDay(addCalendarDays(`${monthOfDay(day)}-01`, -1));
}

/**
 * Only a month that has ended can be invoiced: the current month's use is not known yet, and a
 * future month has none.
 */
export function invoiceMonthProblems(month: string, today: string): InvalidParam[] {
  const parsed = billingMonth(month);
  if (!parsed) return [{ name: 'month', code: 'pattern', reason: 'must be a month, YYYY-MM' }];
  if (parsed.lastDay >= today)
    return [{ name: 'month', code: 'notEnded', reason: 'only a month that has ended can be invoiced' }];
  return [];
}

const monthNames = [
  'janvāris',
  'februāris',
  'marts',
  'aprīlis',
  'maijs',
  'jūnijs',
  'jūlijs',
  'augusts',
  'septembris',
  'oktobris',
  'novembris',
  'decembris',
];

/** `2026. gada marts`, as Latvian documents name a month. */
export function latvianMonth(month: string): string {
  const [year, number] = month.split('-');
  return `${year}. gada ${monthNames[Number(number) - 1] ?? month}`;
}
