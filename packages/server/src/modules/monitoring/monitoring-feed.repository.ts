import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { MonitoringScope } from './monitoring.repository';
import type { SequenceRange } from './monitoring-rules';

/** One change of an organisation's feed with the person's record as that change left it. */
export interface FeedRow {
  sequence: string;
  purposeId: string;
  personId: string;
  personalCode: string;
  previousPersonalCode: string | null;
  version: number;
  type: string;
  changedScopes: string[];
  effectiveDate: string;
  recordedAt: Date;
  /** The whole record of that version; projection narrows it before anything leaves. */
  record: unknown;
}

export interface FeedRead {
  rows: FeedRow[];
  /** The register's newest feed position, read in the same snapshot as the rows. */
  headSequence: string;
}

interface RawFeedRow extends Omit<FeedRow, 'sequence'> {
  sequence: string | null;
  headSequence: string;
}

/**
 * The organisation's fanned-out changes after a position, ascending, in ONE statement so the head
 * is that of the same snapshot (every fan-out row up to it is visible). The version a change made
 * is the person's current row or, once superseded, its row in `person_version` (looked up only
 * then: COALESCE evaluates its second sub-select only when the first found nothing). The joins
 * are per-row key lookups on purpose — LATERAL with LIMIT and scalar sub-selects — so that a page
 * never turns into a hash join over whole tables, whatever the statistics say.
 */
export function feedQuery(input: FeedReadInput) {
  return sql<RawFeedRow>`
    WITH page AS (
      SELECT sequence, change_event_id, purpose_id FROM monitoring_change
      WHERE organisation_id = ${input.organisationId}::uuid AND environment = ${input.environment}::text
        AND sequence > ${input.after}::bigint
      ORDER BY sequence LIMIT ${input.limit}::integer)
    SELECT (SELECT last_sequence FROM feed_sequencer WHERE id = 1)::text AS head_sequence,
      page.sequence::text AS sequence, page.purpose_id, e.person_id::text AS person_id, e.personal_code,
      e.previous_personal_code, e.version, e.type, e.changed_scopes, e.effective_date, e.recorded_at,
      coalesce(
        (SELECT p.data FROM person p WHERE p.id = e.person_id AND p.version = e.version),
        (SELECT v.data FROM person_version v WHERE v.person_id = e.person_id AND v.version = e.version)
      ) - ${[...input.omitScopes]}::text[] AS record
    FROM (SELECT 1) one
    LEFT JOIN (page
      CROSS JOIN LATERAL (
        SELECT person_id, personal_code, previous_personal_code, version, type, changed_scopes, effective_date,
          recorded_at
        FROM change_event WHERE id = page.change_event_id LIMIT 1) e) ON true
    ORDER BY page.sequence`;
}

export interface FeedReadInput extends MonitoringScope {
  after: string;
  limit: number;
  /** Scopes no purpose of the organisation may deliver: left out of the records before they travel. */
  omitScopes: readonly string[];
}

export async function readFeed(db: Db, input: FeedReadInput): Promise<FeedRead> {
  const result = await feedQuery(input).execute(db);
  const headSequence = result.rows[0]?.headSequence ?? '0';
  const rows = result.rows.flatMap((row) =>
    row.sequence === null ? [] : [{ ...row, sequence: row.sequence }],
  );
  return { rows, headSequence };
}

/**
 * Serialises feed reads of one organisation and environment until commit, so two concurrent reads
 * cannot both take the same change for its first delivery.
 */
export async function lockDeliveries(db: Db, scope: MonitoringScope): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`monitoring:${scope.organisationId}:${scope.environment}`}, 0))`.execute(
    db,
  );
}

/** Delivered ranges that overlap or touch (from, through]. */
export async function deliveredRanges(
  db: Db,
  scope: MonitoringScope,
  range: SequenceRange,
): Promise<SequenceRange[]> {
  const rows = await db
    .selectFrom('monitoringDelivery')
    .select(['fromSequence', 'throughSequence'])
    .where('organisationId', '=', scope.organisationId)
    .where('environment', '=', scope.environment)
    .where('throughSequence', '>=', range.from.toString())
    .where('fromSequence', '<=', range.through.toString())
    .execute();
  return rows.map((row) => ({ from: BigInt(row.fromSequence), through: BigInt(row.throughSequence) }));
}

/** Replaces the ranges a merged range absorbed by that range. */
export async function storeDeliveredRange(
  db: Db,
  scope: MonitoringScope & { environment: Environment },
  merged: SequenceRange,
): Promise<void> {
  await db
    .deleteFrom('monitoringDelivery')
    .where('organisationId', '=', scope.organisationId)
    .where('environment', '=', scope.environment)
    .where('fromSequence', '>=', merged.from.toString())
    .where('throughSequence', '<=', merged.through.toString())
    .execute();
  await db
    .insertInto('monitoringDelivery')
    .values({
      organisationId: scope.organisationId,
      environment: scope.environment,
      fromSequence: merged.from.toString(),
      throughSequence: merged.through.toString(),
    })
    .execute();
}
