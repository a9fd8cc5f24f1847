import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ChainHead } from './audit-chain';
import type { SealedAuditRow } from './chain-verification';
import type { MarkObservation, SealedMark } from './sealed-mark';

// Microseconds in UTC: the exact stored instant, read the same way by the sealer, the verifier and
// the access logs. Qualified, so that it also reads right where the links table is joined.
export const occurredAtText = sql<string>`to_char(audit_event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns a record's hash covers (see `canonicalAuditContent`). */
const contentColumns = [
  'id',
  'requestId',
  occurredAtText.as('occurredAt'),
  'organisationId',
  'environment',
  'actorKind',
  'actorId',
  'endUser',
  'purposeId',
  'caseReference',
  'queryType',
  'searchParameters',
  'personId',
  'personalCode',
  'fields',
  'feeCents',
] as const;

/** The chain head with the sealer's mark (ADR 0011). */
export interface SealingHead extends ChainHead {
  mark: SealedMark;
}

/**
 * Locks the chain head for the rest of the transaction: sealings are serial across processes, and
 * each later statement of the transaction sees everything committed before the lock was granted.
 */
export async function lockChainHead(db: Db): Promise<SealingHead> {
  const row = await db
    .selectFrom('auditChainHead')
    .select(['lastPosition', 'lastHash', 'sealedBelowId', 'pendingBelowId', 'pendingWriters'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const pending =
    row.pendingBelowId === null || row.pendingWriters === null
      ? null
      : { drawnBelowId: row.pendingBelowId, writers: row.pendingWriters };
  return {
    lastPosition: row.lastPosition,
    lastHash: row.lastHash,
    mark: { sealedBelowId: row.sealedBelowId, pending },
  };
}

export async function readChainHead(db: Db): Promise<ChainHead & { sealedBelowId: string }> {
  return db
    .selectFrom('auditChainHead')
    .select(['lastPosition', 'lastHash', 'sealedBelowId'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

/**
 * One past the last record id drawn, then the transactions that hold the writers' lock on the log
 * (every insert takes it before drawing its ids and keeps it until its commit is visible). Two
 * statements, in this order: a writer missing from the second has ended, so it has not drawn an id
 * the first did not count. `pg_locks` spans the cluster, hence the database.
 */
export async function observeWriters(db: Db): Promise<MarkObservation> {
  const { rows: drawn } = await sql<{ drawnBelowId: string }>`
    SELECT (CASE WHEN is_called THEN last_value + 1 ELSE last_value END)::text AS "drawnBelowId"
    FROM audit_event_id_seq`.execute(db);
  const { rows: writers } = await sql<{ writer: string }>`
    SELECT DISTINCT virtualtransaction AS writer FROM pg_locks
    WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND relation = 'audit_event'::regclass
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY 1`.execute(db);
  return { drawnBelowId: drawn[0]?.drawnBelowId ?? '1', writers: writers.map((row) => row.writer) };
}

/** What one sealing linked: how many records, and the chain's new end (none when nothing was linked). */
export interface LinkedBatch {
  count: number;
  last: { id: string; chainPosition: string; hash: string } | null;
}

/**
 * Links committed records not yet linked onto the chain after `head`, oldest id first, at most
 * `limit`, in one statement (`link_audit_events`, migration 0028): it hashes each record as
 * `auditLinkHash` does and inserts the links. Its read is an anti-join from the mark on both sides,
 * so a sealing reads only the records and links of the last moments, however long the log.
 */
export async function linkPendingAuditEvents(
  db: Db,
  head: ChainHead,
  fromId: string,
  limit: number,
): Promise<LinkedBatch> {
  const { rows } = await sql<{
    linked: number;
    lastId: string | null;
    lastPosition: string | null;
    lastHash: string | null;
  }>`
    SELECT linked, last_id AS "lastId", last_position AS "lastPosition", last_hash AS "lastHash"
    FROM link_audit_events(${fromId}::bigint, ${limit}::integer, ${head.lastPosition}::bigint, ${head.lastHash}::text)`.execute(
    db,
  );
  const row = rows[0];
  if (!row || row.lastId === null || row.lastPosition === null || row.lastHash === null) {
    return { count: 0, last: null };
  }
  return { count: row.linked, last: { id: row.lastId, chainPosition: row.lastPosition, hash: row.lastHash } };
}

/** Moves the head: its end when `end` is given (stamped `sealedAt`), and the mark. */
export async function advanceChainHead(
  db: Db,
  update: { end: ChainHead | null; mark: SealedMark; sealedAt: Date },
): Promise<void> {
  const end = update.end ? { ...update.end, sealedAt: update.sealedAt } : {};
  await db
    .updateTable('auditChainHead')
    .set({
      ...end,
      sealedBelowId: update.mark.sealedBelowId,
      pendingBelowId: update.mark.pending?.drawnBelowId ?? null,
      pendingWriters: update.mark.pending ? [...update.mark.pending.writers] : null,
    })
    .where('id', '=', 1)
    .execute();
}

/** Sealed records after a position, up to and including `upTo`, in chain order. */
export async function readSealedAuditEvents(
  db: Db,
  range: { after: string; upTo: string },
  limit: number,
): Promise<SealedAuditRow[]> {
  // An inner join: a link whose record was removed reads as a missing position.
  return db
    .selectFrom('auditChainLink')
    .innerJoin('auditEvent', 'auditEvent.id', 'auditChainLink.auditEventId')
    .select([
      // Unqualified: the link table has none of the record's column names.
      ...contentColumns,
      'auditChainLink.chainPosition',
      'auditChainLink.previousHash',
      'auditChainLink.hash',
    ])
    .where('auditChainLink.chainPosition', '>', range.after)
    .where('auditChainLink.chainPosition', '<=', range.upTo)
    .orderBy('auditChainLink.chainPosition')
    .limit(limit)
    .execute();
}

export interface UnlinkedCount {
  /** Unlinked records from the mark on: committed, waiting for the sealer. */
  waiting: number;
  /** Unlinked records below the mark, which cannot be: their links were removed. A few of their ids. */
  belowMarkIds: string[];
  belowMarkCount: number;
}

/** Counts the records without a link, over the whole log (for the verifier, not the sealer). */
export async function countUnlinkedAuditEvents(db: Db, sealedBelowId: string): Promise<UnlinkedCount> {
  const { rows } = await sql<{ waiting: string; belowMarkCount: string; belowMarkIds: string[] }>`
    SELECT count(*) FILTER (WHERE e.id >= ${sealedBelowId}::bigint)::text AS waiting,
           count(*) FILTER (WHERE e.id < ${sealedBelowId}::bigint)::text AS "belowMarkCount",
           coalesce((array_agg(e.id::text ORDER BY e.id) FILTER (WHERE e.id < ${sealedBelowId}::bigint))[1:10], '{}')
             AS "belowMarkIds"
    FROM audit_event AS e
    WHERE NOT EXISTS (SELECT 1 FROM audit_chain_link AS l WHERE l.audit_event_id = e.id)`.execute(db);
  const row = rows[0];
  return {
    waiting: Number(row?.waiting ?? 0),
    belowMarkCount: Number(row?.belowMarkCount ?? 0),
    belowMarkIds: row?.belowMarkIds ?? [],
  };
}
