import {
  type AuditEventPage,
  type AuditSearchRequest,
  auditPageLimit,
  type InvalidParam,
  type MisuseSignalList,
  type MisuseSignalQuery,
  misuseSignalMaxDays,
  type OrganisationAuditQuery,
  type SubjectReport,
  type SubjectReportRequest,
} from '@fpr/contract';
import type { AppContext } from '../../app';
import { problem } from '../../http/problem';
import { loadCalendar } from '../calendar/calendar.repository';
import { addCalendarDays, calendarDaysBetween, isCalendarDate, rigaDate } from '../calendar/working-days';
import { organisationOf, type UserCaller } from '../identity/caller';
import { toAuditEventPage, toSubjectReportDelivery } from './audit.mapper';
import {
  type AuditEventFilter,
  findPersonIds,
  readAuditEvents,
  readSubjectDeliveries,
} from './audit.repository';
import { type CheckedAuditFilters, checkAuditFilters } from './audit-filters';
import { baselineStart, detectMisuseSignals, misuseSignalRules, workingHours } from './misuse-signals';
import { readActorDays } from './misuse-signals.repository';

type AuditContext = Pick<AppContext, 'db' | 'now'>;

/** Beyond this many deliveries the report lists the newest and says it is truncated. */
export const subjectReportLimit = 5_000;

function checkedFilters(input: Parameters<typeof checkAuditFilters>[0]): CheckedAuditFilters {
  const outcome = checkAuditFilters(input);
  if (!outcome.ok) throw problem('paramsValidation', { invalidParams: outcome.issues });
  return outcome.value;
}

/** The caller's organisation's own access log, newest first; no other organisation's record can match. */
export async function readOrganisationAuditLog(
  ctx: AuditContext,
  actor: UserCaller,
  query: OrganisationAuditQuery,
): Promise<AuditEventPage> {
  const organisationId = organisationOf(actor);
  const filters = checkedFilters(query);
  const limit = query.limit ?? auditPageLimit.default;
  const rows = await readAuditEvents(ctx.db, {
    organisationId,
    purposeId: query.purposeId,
    environment: query.environment,
    fromDay: filters.fromDay,
    toDay: filters.toDay,
    before: filters.before,
    limit: limit + 1,
  });
  return toAuditEventPage(rows, limit);
}

/** A PDP user's own lookups, newest first: the organisation's log narrowed to the caller. */
export async function readOwnLookups(
  ctx: AuditContext,
  actor: UserCaller,
  query: OrganisationAuditQuery,
): Promise<AuditEventPage> {
  const organisationId = organisationOf(actor);
  const filters = checkedFilters(query);
  const limit = query.limit ?? auditPageLimit.default;
  const rows = await readAuditEvents(ctx.db, {
    organisationId,
    actor: { kind: 'user', id: actor.userId },
    purposeId: query.purposeId,
    environment: query.environment,
    fromDay: filters.fromDay,
    toDay: filters.toDay,
    before: filters.before,
    limit: limit + 1,
  });
  return toAuditEventPage(rows, limit);
}

/** PMLP's search of the access log by person, organisation, purpose, environment and time. */
export async function searchAuditLog(ctx: AuditContext, input: AuditSearchRequest): Promise<AuditEventPage> {
  const checked = checkAuditFilters(input);
  const invalidParams = [...(checked.ok ? [] : checked.issues), ...actorIssues(input)];
  if (!checked.ok || invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  const filters = checked.value;
  const actor: AuditEventFilter['actor'] =
    input.actorKind === undefined || input.actorId === undefined
      ? undefined
      : { kind: input.actorKind, id: input.actorId };
  const limit = input.limit ?? auditPageLimit.default;
  return ctx.db.transaction().execute(async (trx) => {
    const personIds =
      filters.personalCode === undefined
        ? undefined
        : await findPersonIds(trx, filters.personalCode, input.environment);
    if (personIds?.length === 0) return { events: [], next: null };
    const rows = await readAuditEvents(trx, {
      personIds,
      organisationId: input.organisationId,
      actor,
      purposeId: input.purposeId,
      environment: input.environment,
      fromDay: filters.fromDay,
      toDay: filters.toDay,
      before: filters.before,
      limit: limit + 1,
    });
    return toAuditEventPage(rows, limit);
  });
}

/** A client or user to search by: kind and id come together, or neither does. */
function actorIssues(input: AuditSearchRequest): InvalidParam[] {
  if ((input.actorKind === undefined) === (input.actorId === undefined)) return [];
  const missing = input.actorKind === undefined ? 'actorKind' : 'actorId';
  return [{ name: missing, code: 'required', reason: 'actorKind and actorId go together' }];
}

/**
 * Who received a person's data, when, which fields and for which purpose (production unless
 * asked otherwise). Deliveries under a covert purpose stay hidden until its disclosure date, a
 * Rīga calendar day. Callable for any caller that may see the report: PMLP staff now, a citizen
 * portal's system client later.
 */
export async function buildSubjectReport(
  ctx: AuditContext,
  input: SubjectReportRequest,
): Promise<SubjectReport> {
  const { personalCode } = checkedFilters({ personalCode: input.personalCode });
  if (personalCode === undefined) throw problem('paramsValidation');
  const environment = input.environment ?? 'production';
  const now = ctx.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const personIds = await findPersonIds(trx, personalCode, environment);
    if (personIds.length === 0) return [];
    return readSubjectDeliveries(trx, {
      personIds,
      environment,
      today: rigaDate(now),
      limit: subjectReportLimit + 1,
    });
  });
  return {
    personalCode,
    environment,
    generatedAt: now.toISOString(),
    deliveries: rows.slice(0, subjectReportLimit).map(toSubjectReportDelivery),
    isTruncated: rows.length > subjectReportLimit,
  };
}

/**
 * PMLP's misuse signals for the Rīga days asked (default: the week up to today), production unless
 * asked otherwise. The actor-days behind the baseline and the calendar are read in one snapshot.
 */
export async function readMisuseSignals(
  ctx: AuditContext,
  query: MisuseSignalQuery,
): Promise<MisuseSignalList> {
  const to = query.to ?? rigaDate(ctx.now());
  const from = query.from ?? addCalendarDays(isCalendarDate(to) ? to : rigaDate(ctx.now()), -6);
  const invalidParams = signalRangeProblems(query, from, to);
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  const environment = query.environment ?? 'production';
  const { days, calendar } = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => ({
      calendar: await loadCalendar(trx),
      days: await readActorDays(trx, {
        environment,
        fromDay: baselineStart(from),
        toDay: to,
        ...workingHours,
      }),
    }));
  return {
    from,
    to,
    environment,
    rules: misuseSignalRules,
    signals: detectMisuseSignals(days, { from, to }, calendar),
  };
}

/**
 * Every problem of the days at once: real dates (the access log's own check), in order, at most
 * `misuseSignalMaxDays` of them once the defaults are filled in.
 */
function signalRangeProblems(query: MisuseSignalQuery, from: string, to: string): InvalidParam[] {
  const dates = checkAuditFilters({ from: query.from, to: query.to });
  if (!dates.ok) return dates.issues;
  if (to < from) return [{ name: 'to', code: 'dateOrder', reason: 'must not be before from' }];
  if (calendarDaysBetween(from, to) >= misuseSignalMaxDays)
    return [{ name: 'from', code: 'range', reason: `the days may span at most ${misuseSignalMaxDays}` }];
  return [];
}
