import type {
  CalendarOverride,
  CalendarOverrideInput,
  InvalidParam,
  WorkingDaysQuery,
  WorkingDaysResponse,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { realignOpenRequestDeadlines } from '../requests/deadline-realignment';
import { toCalendarOverride } from './calendar.mapper';
import {
  calendarOfRows,
  deleteOverride,
  insertOverrideEvent,
  listOverrides,
  loadCalendar,
  upsertOverride,
} from './calendar.repository';
import {
  addCalendarDays,
  calendarDaysBetween,
  dayReason,
  isCalendarDate,
  isWorkingDay,
  type OverrideKind,
  publicHolidayName,
  statutoryCalendar,
} from './working-days';

export interface CalendarContext {
  db: Db;
  now: () => Date;
}

/** The longest range the console may ask about at once. */
export const maxRangeDays = 366;

/** The override table, for one year or whole. */
export async function readOverrides(ctx: CalendarContext, year?: number): Promise<CalendarOverride[]> {
  return (await listOverrides(ctx.db, year)).map(toCalendarOverride);
}

/**
 * Makes a day worked or off (a PMLP administrator acting on a Cabinet order). Open requests'
 * deadlines follow the new calendar in the same transaction, and the change is recorded.
 */
export async function setOverride(
  ctx: CalendarContext,
  actor: UserCaller,
  day: string,
  input: CalendarOverrideInput,
): Promise<CalendarOverride> {
  assertValid(overrideProblems(day, input.kind));
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const row = await upsertOverride(trx, { day, ...input, createdBy: actor.userId, createdAt: at });
    await insertOverrideEvent(trx, { day, action: 'set', ...input, actorUserId: actor.userId, at });
    await realignOpenRequestDeadlines(trx, await loadCalendar(trx), at);
    return toCalendarOverride(row);
  });
}

/** Removes an override: the statutory calendar applies to the day again. */
export async function removeOverride(ctx: CalendarContext, actor: UserCaller, day: string): Promise<void> {
  assertValid(dayProblems('day', day));
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await deleteOverride(trx, day);
    if (!removed) throw problem('notFound', { detail: 'The day has no override.' });
    const at = ctx.now();
    const { kind, note } = removed;
    await insertOverrideEvent(trx, { day, action: 'removed', kind, note, actorUserId: actor.userId, at });
    await realignOpenRequestDeadlines(trx, await loadCalendar(trx), at);
  });
}

/** Every day of the range that is not an ordinary working weekday, with its reason. */
export async function readWorkingDays(
  ctx: CalendarContext,
  query: WorkingDaysQuery,
): Promise<WorkingDaysResponse> {
  assertValid(rangeProblems(query.from, query.to));
  const rows = await listOverrides(ctx.db);
  const calendar = calendarOfRows(rows);
  const notes = new Map(rows.map((row) => [row.day, row.note]));
  const days: WorkingDaysResponse['days'] = [];
  let workingDayCount = 0;
  for (let day = query.from; day <= query.to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day, calendar)) workingDayCount += 1;
    const reason = dayReason(day, calendar);
    if (reason === 'weekday') continue;
    const name = reason === 'publicHoliday' ? (publicHolidayName(day) ?? null) : (notes.get(day) ?? null);
    days.push({ day, isWorkingDay: isWorkingDay(day, calendar), reason, name });
  }
  return { from: query.from, to: query.to, workingDayCount, days };
}

function overrideProblems(day: string, kind: OverrideKind): InvalidParam[] {
  const problems = dayProblems('day', day);
  if (problems.length > 0) return problems;
  const isWorkedByStatute = isWorkingDay(day, statutoryCalendar);
  if (isWorkedByStatute === (kind === 'workingDay')) {
    const reason = isWorkedByStatute ? 'the day is a working day already' : 'the day is not worked already';
    return [{ name: 'kind', code: 'noEffect', reason }];
  }
  return [];
}

function rangeProblems(from: string, to: string): InvalidParam[] {
  const problems = [...dayProblems('from', from), ...dayProblems('to', to)];
  if (problems.length > 0) return problems;
  if (to < from) return [{ name: 'to', code: 'order', reason: 'must not be before from' }];
  if (calendarDaysBetween(from, to) > maxRangeDays) {
    return [{ name: 'to', code: 'range', reason: `must be at most ${maxRangeDays} days after from` }];
  }
  return [];
}

function dayProblems(name: string, value: string): InvalidParam[] {
  return isCalendarDate(value) ? [] : [{ name, code: 'date', reason: 'is not a calendar date' }];
}

function assertValid(invalidParams: InvalidParam[]): void {
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
}
