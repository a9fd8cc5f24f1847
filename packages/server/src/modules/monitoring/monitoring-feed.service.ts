import {
  type ChangeEventType,
  type ChangeFeedPage,
  type ChangeFeedQuery,
  type MonitoredChange,
  monitoringPageLimit,
  type PersonRecord,
  scopeNames,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { insertAuditEventsInBulk, type NewAuditEvent } from '../audit/audit.repository';
import { rigaDate } from '../calendar/working-days';
import { parseFields } from '../persons/field-selection';
import { projectPerson } from '../persons/projection';
import { checkPurposeUsable } from '../persons/purpose-binding';
import { findOrganisationMonitoringPurposes, type MonitoringPurpose } from './monitoring.repository';
import type { MonitoringContext, MonitoringOrigin } from './monitoring.service';
import {
  deliveredRanges,
  type FeedRow,
  lockDeliveries,
  readFeed,
  storeDeliveredRange,
} from './monitoring-feed.repository';
import { channelOf } from './monitoring-origin';
import {
  grantedScopes,
  isInside,
  mergedRange,
  type SequenceRange,
  uncoveredParts,
  visibleScopes,
} from './monitoring-rules';

export interface FeedOrigin extends MonitoringOrigin {
  requestId: string;
  endUser?: string;
}

/** What a purpose lets the feed show: its scopes, its projection and the audit's field list. */
interface FeedPurpose {
  purpose: MonitoringPurpose;
  granted: Set<string>;
  selection: ReturnType<typeof parseFields>['selection'];
  fields: string[];
}

/**
 * `GET /api/v1/monitoring/changes` (API §5): the caller's organisation's changes after a feed
 * position, ascending. Only sealed events exist here (they are fanned out when sealed), only those
 * recorded inside a subscription period, only those touching scopes the subscription's purpose
 * grants (and a purpose no longer usable delivers nothing). The read, the audit of each change
 * delivered for the first time (one record per person) and the delivered range commit together.
 * No state fee: monitoring is billed monthly by persons monitored (DOMAIN §6).
 */
export async function readChanges(
  ctx: MonitoringContext,
  origin: FeedOrigin,
  query: ChangeFeedQuery,
): Promise<ChangeFeedPage> {
  const after = BigInt(query.after ?? '0');
  const limit = query.limit ?? monitoringPageLimit.default;
  const at = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockDeliveries(trx, origin);
    const purposes = await feedPurposes(trx, origin, rigaDate(at));
    const omitScopes = omittedScopes(purposes);
    const read = await readFeed(trx, { ...origin, after: after.toString(), limit, omitScopes });
    const head = BigInt(read.headSequence);
    // A short page has shown everything up to the head of its snapshot.
    const lastRow = read.rows.at(-1);
    const last =
      read.rows.length === limit && lastRow ? BigInt(lastRow.sequence) : head > after ? head : after;
    const changes = read.rows.flatMap((row) => toChange(row, purposes.get(row.purposeId)));
    if (last > after) await auditFirstDeliveries(trx, origin, { from: after, through: last }, changes, at);
    return {
      changes: changes.map((change) => change.change),
      lastSequence: Number(last),
      headSequence: Number(head),
    };
  });
}

/** The organisation's purposes usable for monitoring now, by id (a handful). */
async function feedPurposes(
  db: Db,
  origin: MonitoringOrigin,
  today: string,
): Promise<Map<string, FeedPurpose>> {
  const usable = new Map<string, FeedPurpose>();
  for (const purpose of await findOrganisationMonitoringPurposes(db, origin.organisationId)) {
    if (!isUsable(purpose, origin, today)) continue;
    const { selection, paths } = parseFields([...purpose.scopes, ...purpose.fields]);
    usable.set(purpose.id, { purpose, granted: grantedScopes(purpose), selection, fields: paths });
  }
  return usable;
}

/** Scopes none of the purposes grants; `identity` always travels, for the person's status. */
function omittedScopes(purposes: Map<string, FeedPurpose>): string[] {
  const kept = new Set(['identity']);
  for (const { granted } of purposes.values()) for (const scope of granted) kept.add(scope);
  return scopeNames.filter((scope) => !kept.has(scope));
}

function isUsable(purpose: MonitoringPurpose, origin: MonitoringOrigin, today: string): boolean {
  if (!purpose.isMonitoring) return false;
  try {
    checkPurposeUsable(purpose, {
      organisationId: origin.organisationId,
      environment: origin.environment,
      channel: channelOf(origin.caller, purpose),
      today,
    });
    return true;
  } catch {
    return false;
  }
}

interface DeliveredChange {
  change: MonitoredChange;
  row: FeedRow;
  purpose: FeedPurpose;
}

function toChange(row: FeedRow, purpose: FeedPurpose | undefined): DeliveredChange[] {
  if (!purpose) return [];
  const changedScopes = visibleScopes(row.changedScopes, purpose.granted);
  if (changedScopes.length === 0) return [];
  const record = row.record as PersonRecord;
  const person = projectPerson(
    { personalCode: row.personalCode, status: record.identity.status, version: row.version, record },
    purpose.selection,
  );
  const change: MonitoredChange = {
    sequence: Number(row.sequence),
    personalCode: row.personalCode,
    ...(row.previousPersonalCode ? { previousPersonalCode: row.previousPersonalCode } : {}),
    type: row.type as ChangeEventType,
    changedScopes,
    effectiveDate: row.effectiveDate,
    recordedAt: row.recordedAt.toISOString(),
    person,
  };
  return [{ change, row, purpose }];
}

/**
 * Audits the changes of this page that no earlier read delivered — one record per person — and
 * records the page's range (after, last] as delivered.
 */
async function auditFirstDeliveries(
  db: Db,
  origin: FeedOrigin,
  range: SequenceRange,
  changes: readonly DeliveredChange[],
  at: Date,
): Promise<void> {
  const delivered = await deliveredRanges(db, origin, range);
  const fresh = uncoveredParts(range, delivered);
  if (fresh.length === 0) return;
  const byPerson = new Map<string, DeliveredChange>();
  for (const change of changes) {
    if (isInside(BigInt(change.row.sequence), fresh))
      byPerson.set(`${change.row.personId}:${change.purpose.purpose.id}`, change);
  }
  await insertAuditEventsInBulk(
    db,
    [...byPerson.values()].map((change) => auditRecord(origin, change, at)),
  );
  await storeDeliveredRange(db, origin, mergedRange(range, delivered));
}

function auditRecord(origin: FeedOrigin, { row, purpose }: DeliveredChange, at: Date): NewAuditEvent {
  return {
    requestId: origin.requestId,
    occurredAt: at,
    organisationId: origin.organisationId,
    environment: origin.environment,
    actorKind: origin.caller.kind,
    actorId: origin.caller.kind === 'client' ? origin.caller.clientId : origin.caller.userId,
    endUser: origin.endUser ?? null,
    purposeId: purpose.purpose.id,
    caseReference: null,
    queryType: 'monitoringFeed',
    searchParameters: [],
    personId: row.personId,
    personalCode: row.personalCode,
    fields: purpose.fields,
    feeCents: 0,
  };
}
