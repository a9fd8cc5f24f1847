import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import { feedQuery } from '../packages/server/src/modules/monitoring/monitoring-feed.repository';
import type { Monitor } from './feed-setup';

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
  const scope = {
    organisationId: monitor.organisationId,
    environment: 'test' as const,
    limit: 1000,
    omitScopes: [],
  };
  return [
    ['feed page after=0, limit=1000', await explain(db, feedQuery({ ...scope, after: '0' }).compile(db))],
    [
      `feed page after=${middle.rows[0]?.sequence ?? '0'}, limit=1000`,
      await explain(db, feedQuery({ ...scope, after: middle.rows[0]?.sequence ?? '0' }).compile(db)),
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

async function explain(db: Db, compiled: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  const result = await db.executeQuery(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((row) => String(Object.values(row as object)[0])).join('\n');
}
