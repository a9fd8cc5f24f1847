import {
  type Environment,
  type InvalidParam,
  monitoringPageLimit,
  parsePersonalCode,
  type ReconcileRequest,
  type ReconcileResponse,
  type SubscribeRequest,
  type SubscribeResponse,
  type SubscriptionListQuery,
  type SubscriptionPage,
  type SubscriptionResult,
  type UnsubscribeResponse,
} from '@fpr/contract';
import type { AppContext } from '../../app';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import type { Caller } from '../identity/caller';
import { checkPurposeUsable } from '../persons/purpose-binding';
import { toSubscriptionPage } from './monitoring.mapper';
import {
  type CodedPerson,
  closeLapsedSubscriptions,
  closeSubscriptions,
  findMonitoringPurposes,
  findPersonsByAnyCode,
  holdFeedSealing,
  listSubscriptions,
  type MonitoringPurpose,
  type MonitoringScope,
  monitoredPersonIds,
  openSubscriptions,
} from './monitoring.repository';
import { channelOf } from './monitoring-origin';
import { decodeListCursor } from './monitoring-rules';

export type MonitoringContext = Pick<AppContext, 'db' | 'now'>;

/** Who calls, for which organisation and environment. */
export interface MonitoringOrigin extends MonitoringScope {
  caller: Caller;
}

/** How the history names whoever opened or closed a period. */
export function actorOf(caller: Caller): string {
  return caller.kind === 'client' ? `client:${caller.clientId}` : `user:${caller.userId}`;
}

/**
 * The purpose must be the caller's own, usable today on its channel and environment (the query
 * rules), and include monitoring; anything else is `purposeNotPermitted`.
 */
export function checkMonitoringPurpose(
  purpose: MonitoringPurpose | undefined,
  origin: MonitoringOrigin,
  today: string,
): MonitoringPurpose {
  checkPurposeUsable(purpose, {
    organisationId: origin.organisationId,
    environment: origin.environment,
    channel: channelOf(origin.caller, purpose),
    today,
  });
  if (!purpose?.isMonitoring)
    throw problem('purposeNotPermitted', { detail: 'The purpose does not include monitoring.' });
  return purpose;
}

type Parsed = { index: number; asked: string; code: string | null };

function parseCodes(codes: readonly string[]): Parsed[] {
  return codes.map((asked, index) => {
    const parsed = parsePersonalCode(asked);
    return { index, asked, code: parsed.ok ? parsed.code : null };
  });
}

/** Each valid code's person, found by current or previous code. */
async function personsOf(
  db: Db,
  environment: Environment,
  parsed: Parsed[],
): Promise<Map<string, CodedPerson>> {
  const codes = [...new Set(parsed.flatMap((p) => (p.code === null ? [] : [p.code])))];
  const byCode = new Map<string, CodedPerson>();
  for (const person of await findPersonsByAnyCode(db, environment, codes)) {
    byCode.set(person.personalCode, person);
    if (person.previousPersonalCode) byCode.set(person.previousPersonalCode, person);
  }
  return byCode;
}

/** The persons named, each once, in the order first asked (periods open in that order). */
function personIdsInOrder(parsed: readonly Parsed[], byCode: Map<string, CodedPerson>): string[] {
  const ids = parsed.flatMap((p) => {
    const person = p.code === null ? undefined : byCode.get(p.code);
    return person ? [person.id] : [];
  });
  return [...new Set(ids)];
}

/**
 * Adds persons to the organisation's monitoring (API §5), idempotently: a person already monitored
 * stays as they are (same purpose, same end date). One transaction; the feed sealer waits for it,
 * so every change recorded from the moment of subscribing reaches the feed (ADR 0007).
 */
export async function subscribe(
  ctx: MonitoringContext,
  origin: MonitoringOrigin,
  input: SubscribeRequest,
): Promise<SubscribeResponse> {
  const today = rigaDate(ctx.now());
  if (input.endDate !== undefined && input.endDate < today) {
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'endDate', code: 'past', reason: 'The end date cannot be in the past.' }],
    });
  }
  const [purpose] = await findMonitoringPurposes(ctx.db, [input.purposeId]);
  checkMonitoringPurpose(purpose, origin, today);
  const parsed = parseCodes(input.personalCodes);
  return ctx.db.transaction().execute(async (trx) => {
    const byCode = await personsOf(trx, origin.environment, parsed);
    const personIds = personIdsInOrder(parsed, byCode);
    await closeLapsedSubscriptions(trx, { ...origin, personIds, today });
    const at = await holdFeedSealing(trx);
    const added = await openSubscriptions(trx, {
      ...origin,
      purposeId: input.purposeId,
      personIds,
      endDate: input.endDate ?? null,
      at,
      actor: actorOf(origin.caller),
    });
    return { results: parsed.map((p) => subscriptionOutcome(p, byCode, added)) };
  });
}

/** A person named twice is `added` once; the second mention finds them subscribed. */
function subscriptionOutcome(
  parsed: Parsed,
  byCode: Map<string, CodedPerson>,
  added: Set<string>,
): SubscriptionResult {
  if (parsed.code === null) return { personalCode: parsed.asked, outcome: 'invalid' };
  const person = byCode.get(parsed.code);
  if (!person) return { personalCode: parsed.code, outcome: 'notFound' };
  const isAdded = added.delete(person.id);
  return { personalCode: parsed.code, outcome: isAdded ? 'added' : 'alreadySubscribed' };
}

/** Ends the organisation's monitoring of these persons; changes recorded before now stay in the feed. */
export async function unsubscribe(
  ctx: MonitoringContext,
  origin: MonitoringOrigin,
  codes: readonly string[],
): Promise<UnsubscribeResponse> {
  const parsed = parseCodes(codes);
  return ctx.db.transaction().execute(async (trx) => {
    const byCode = await personsOf(trx, origin.environment, parsed);
    const personIds = personIdsInOrder(parsed, byCode);
    const removed = await closeSubscriptions(trx, {
      ...origin,
      personIds,
      at: ctx.now(),
      actor: actorOf(origin.caller),
    });
    return {
      results: parsed.map((p) => {
        if (p.code === null) return { personalCode: p.asked, outcome: 'invalid' as const };
        const person = byCode.get(p.code);
        if (!person) return { personalCode: p.code, outcome: 'notFound' as const };
        return { personalCode: p.code, outcome: removed.delete(person.id) ? 'removed' : 'notSubscribed' };
      }),
    };
  });
}

/** The persons monitored now, in the order they were added, a page at a time. */
export async function listMonitored(
  ctx: MonitoringContext,
  origin: MonitoringOrigin,
  query: SubscriptionListQuery,
): Promise<SubscriptionPage> {
  const afterId = query.after === undefined ? '0' : decodeListCursor(query.after);
  if (afterId === undefined) {
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'after', code: 'cursor', reason: 'is not a cursor this list handed out' }],
    });
  }
  const limit = query.limit ?? monitoringPageLimit.default;
  const rows = await listSubscriptions(ctx.db, {
    ...origin,
    afterId,
    today: rigaDate(ctx.now()),
    limit: limit + 1,
  });
  return toSubscriptionPage(rows, limit);
}

/**
 * Compares the versions a consumer holds with the register's: `stale` where the register is newer,
 * `unknown` where the person is not found or not monitored by the caller (which tells nothing about
 * persons the caller does not monitor).
 */
export async function reconcile(
  ctx: MonitoringContext,
  origin: MonitoringOrigin,
  input: ReconcileRequest,
): Promise<ReconcileResponse> {
  const invalidParams = codeProblems(
    input.persons.map((p) => p.personalCode),
    (i) => `persons[${i}].personalCode`,
  );
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  const parsed = parseCodes(input.persons.map((p) => p.personalCode));
  return ctx.db.transaction().execute(async (trx) => {
    const byCode = await personsOf(trx, origin.environment, parsed);
    const monitored = await monitoredPersonIds(trx, {
      ...origin,
      personIds: [...byCode.values()].map((person) => person.id),
      today: rigaDate(ctx.now()),
    });
    const stale: string[] = [];
    const unknown: string[] = [];
    parsed.forEach((p, index) => {
      const code = p.code ?? p.asked;
      const person = p.code === null ? undefined : byCode.get(p.code);
      if (!person || !monitored.has(person.id)) unknown.push(code);
      else if ((input.persons[index]?.version ?? 0) < person.version) stale.push(code);
    });
    return { stale, unknown };
  });
}

/** Codes that are not real personal codes (date, century, check digit), each named by its index. */
export function codeProblems(codes: readonly string[], name: (index: number) => string): InvalidParam[] {
  return codes.flatMap((code, index) => {
    const parsed = parsePersonalCode(code);
    return parsed.ok ? [] : [{ name: name(index), code: parsed.issue, reason: parsed.reason }];
  });
}
