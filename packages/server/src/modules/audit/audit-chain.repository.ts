import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { AuditChainContent, ChainHead, ChainLink } from './audit-chain';
import type { SealedAuditRow } from './chain-verification';

// Microseconds in UTC: the exact stored instant, read the same way by the sealer and the verifier.
const occurredAtText = sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

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

/**
 * Locks the chain head for the rest of the transaction: sealings are serial across processes, and
 * each later statement of the transaction sees everything committed before the lock was granted.
 */
export async function lockChainHead(db: Db): Promise<ChainHead> {
  return db
    .selectFrom('auditChainHead')
    .select(['lastPosition', 'lastHash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function readChainHead(db: Db): Promise<ChainHead> {
  return db
    .selectFrom('auditChainHead')
    .select(['lastPosition', 'lastHash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

/** Committed records not yet linked, oldest insert first. */
export async function readUnsealedAuditEvents(db: Db, limit: number): Promise<AuditChainContent[]> {
  return db
    .selectFrom('auditEvent')
    .select(contentColumns)
    .where('chainPosition', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sets the chain columns of a batch in one statement (the trigger allows exactly this, once). */
export async function writeChainLinks(db: Db, links: readonly ChainLink[]): Promise<void> {
  await sql`
    UPDATE audit_event AS a
    SET chain_position = l.chain_position, previous_hash = l.previous_hash, hash = l.hash
    FROM unnest(${links.map((link) => link.id)}::bigint[], ${links.map((link) => link.chainPosition)}::bigint[],
                ${links.map((link) => link.previousHash)}::text[], ${links.map((link) => link.hash)}::text[])
      AS l (id, chain_position, previous_hash, hash)
    WHERE a.id = l.id AND a.chain_position IS NULL`.execute(db);
}

export async function advanceChainHead(db: Db, head: ChainHead, sealedAt: Date): Promise<void> {
  await db
    .updateTable('auditChainHead')
    .set({ lastPosition: head.lastPosition, lastHash: head.lastHash, sealedAt })
    .where('id', '=', 1)
    .execute();
}

/** Sealed records after a position, up to and including `upTo`, in chain order. */
export async function readSealedAuditEvents(
  db: Db,
  range: { after: string; upTo: string },
  limit: number,
): Promise<SealedAuditRow[]> {
  const rows = await db
    .selectFrom('auditEvent')
    .select([...contentColumns, 'chainPosition', 'previousHash', 'hash'])
    .where('chainPosition', '>', range.after)
    .where('chainPosition', '<=', range.upTo)
    .orderBy('chainPosition')
    .limit(limit)
    .execute();
  return rows.filter(isSealed);
}

export async function countUnsealedAuditEvents(db: Db): Promise<number> {
  const row = await db
    .selectFrom('auditEvent')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('chainPosition', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// The table's CHECK makes the three chain columns null together; this only narrows the type.
function isSealed<
  T extends { chainPosition: string | null; previousHash: string | null; hash: string | null },
>(row: T): row is T & { chainPosition: string; previousHash: string; hash: string } {
  return row.chainPosition !== null && row.previousHash !== null && row.hash !== null;
}
