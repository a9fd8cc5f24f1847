import { type ChangeFeedQuery, monitoringPageLimit } from '@fpr/contract';
import type { Db } from '../../db/database';
import { rigaDate } from '../calendar/working-days';
import { parseFields } from '../persons/field-selection';
import { checkPurposeUsable } from '../persons/purpose-binding';
import { findOrganisationMonitoringPurposes, type MonitoringPurpose } from './monitoring.repository';
import type { MonitoringContext, MonitoringOrigin } from './monitoring.service';
import {
  deliveredRanges,
  type FeedPurpose,
  type FeedReader,
  lockDeliveries,
  readFeedPage,
  storeDeliveredRange,
} from './monitoring-feed.repository';
import { channelOf } from './monitoring-origin';
import { grantedScopes, mergedRange, uncoveredParts } from './monitoring-rules';

export interface FeedOrigin extends MonitoringOrigin {
  requestId: string;
  endUser?: string;
}

/** A page as the route sends it: the `ChangeFeedPage` as JSON (UTF-8 bytes), and where the next page starts. */
export interface FeedAnswer {
  json: Buffer;
  lastSequence: bigint;
}

/**
 * `GET /api/v1/monitoring/changes` (API §5): the caller's organisation's changes after a feed
 * position, ascending, as the JSON text of a `ChangeFeedPage` (built by PostgreSQL, ADR 0012; the
 * route sends it as it is). Only sealed events exist here (they are fanned out when sealed), only
 * those recorded inside a subscription period, only those touching scopes the subscription's
 * purpose grants (and a purpose no longer usable delivers nothing). The read, the audit of each
 * change delivered for the first time (one record per person) and the delivered range commit
 * together. No state fee: monitoring is billed monthly by persons monitored (DOMAIN §6).
 */
export async function readChanges(
  ctx: MonitoringContext,
  origin: FeedOrigin,
  query: ChangeFeedQuery,
): Promise<FeedAnswer> {
  const after = BigInt(query.after ?? '0');
  const limit = query.limit ?? monitoringPageLimit.default;
  const at = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockDeliveries(trx, origin);
    const purposes = await feedPurposes(trx, origin, rigaDate(at));
    const delivered = await deliveredRanges(trx, origin, { from: after, through: lastPosition });
    const page = await readFeedPage(trx, {
      ...origin,
      after: after.toString(),
      limit,
      purposes,
      delivered,
      reader: readerOf(origin, at),
    });
    const head = BigInt(page.headSequence);
    // A short page has shown everything up to the head of its snapshot.
    const last =
      page.rowCount === limit && page.lastRowSequence !== null
        ? BigInt(page.lastRowSequence)
        : head > after
          ? head
          : after;
    const range = { from: after, through: last };
    if (last > after && uncoveredParts(range, delivered).length > 0)
      await storeDeliveredRange(trx, origin, mergedRange(range, delivered));
    return {
      json: Buffer.concat([
        Buffer.from('{"changes":'),
        page.changesJson,
        Buffer.from(`,"lastSequence":${last},"headSequence":${head}}`),
      ]),
      lastSequence: last,
    };
  });
}

/** The largest feed position: delivered ranges are read from `after` on, before the page says where it ends. */
const lastPosition = 2n ** 63n - 1n;

/** The organisation's purposes usable for monitoring now (a handful), as the feed statement takes them. */
async function feedPurposes(db: Db, origin: MonitoringOrigin, today: string): Promise<FeedPurpose[]> {
  const usable: FeedPurpose[] = [];
  for (const purpose of await findOrganisationMonitoringPurposes(db, origin.organisationId)) {
    if (!isUsable(purpose, origin, today)) continue;
    const { selection, paths } = parseFields([...purpose.scopes, ...purpose.fields]);
    usable.push({ id: purpose.id, granted: [...grantedScopes(purpose)], selection, fields: paths });
  }
  return usable;
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

function readerOf(origin: FeedOrigin, at: Date): FeedReader {
  return {
    requestId: origin.requestId,
    occurredAt: at,
    actorKind: origin.caller.kind,
    actorId: origin.caller.kind === 'client' ? origin.caller.clientId : origin.caller.userId,
    endUser: origin.endUser ?? null,
  };
}
