import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import {
  type FeedPageInput,
  feedQuery,
} from '../packages/server/src/modules/monitoring/monitoring-feed.repository';
import { parseFields } from '../packages/server/src/modules/persons/field-selection';
import { type Monitor, monitoredScopes } from './feed-setup';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the feed runs at this size: a first page and a page
 * from the middle of one organisation's feed, and the fan-out join of one sealing batch (10,000
 * events, as the sealer takes them) with the subscriptions.
 */
export async function explainFeed(db: Db, monitor: Monitor): Promise<Array<[string, string]>> {
  const middle = await sql<{ sequence: string }>`
    SELECT sequence::text FROM monitoring_change WHERE organisation_id = ${monitor.organisationId}::uuid
    ORDER BY sequence OFFSET (SELECT count(*) / 2 FROM monitoring_change WHERE organisation_id = ${monitor.organisationId}::uuid)
    LIMIT 1`.execute(db);
  const { selection, paths } = parseFields(monitoredScopes);
  const page = (after: string): FeedPageInput => ({
    organisationId: monitor.organisationId,
    environment: 'test',
    after,
    limit: 1000,
    purposes: [{ id: monitor.purposeId, granted: monitoredScopes, selection, fields: paths }],
    // Nothing delivered yet: the plan includes the audit of a whole first page.
    delivered: [],
    reader: {
      requestId: 'plans',
      occurredAt: new Date(),
      actorKind: 'client',
      actorId: 'plans',
      endUser: null,
    },
  });
  return [
    ['feed page after=0, limit=1000 (first delivery)', await explain(db, feedQuery(page('0')).compile(db))],
    [
      `feed page after=${middle.rows[0]?.sequence ?? '0'}, limit=1000 (first delivery)`,
      await explain(db, feedQuery(page(middle.rows[0]?.sequence ?? '0')).compile(db)),
    ],
    [
      'fan-out of one sealing batch (the trigger’s join, 10,000 events)',
      await explain(
        db,
        sql`
          SELECT s.organisation_id, s.environment, sealed.sequence, sealed.id, s.id, s.purpose_id
          FROM change_event sealed
          CROSS JOIN LATERAL (
            SELECT id, organisation_id, environment, purpose_id FROM monitoring_subscription
            WHERE person_id = sealed.person_id AND environment = sealed.environment
              AND subscribed_at <= sealed.recorded_at
              AND (ended_at IS NULL OR ended_at > sealed.recorded_at)
              AND (end_date IS NULL OR (sealed.recorded_at AT TIME ZONE 'Europe/Riga')::date <= end_date)
            OFFSET 0) s
          WHERE sealed.sequence > (SELECT last_sequence - 10000 FROM feed_sequencer WHERE id = 1)`.compile(
          db,
        ),
      ),
    ],
  ];
}

/** Runs the statement under EXPLAIN ANALYZE in a transaction rolled back: the feed's audit rows are not kept. */
async function explain(db: Db, compiled: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  let plan = '';
  await db
    .transaction()
    .execute(async (trx) => {
      const result = await trx.executeQuery(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]),
      );
      plan = result.rows.map((row) => String(Object.values(row as object)[0])).join('\n');
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
  return plan;
}

const rolledBack = new Error('rolled back on purpose');
