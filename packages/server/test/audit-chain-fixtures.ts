import { sql } from 'kysely';
import type { Db } from '../src/db/database';

/** Records of the given requests with their links (null until sealed), in id order. */
export async function chainRowsOf(db: Db, requestIds: readonly string[]) {
  return db
    .selectFrom('auditEvent')
    .leftJoin('auditChainLink', 'auditChainLink.auditEventId', 'auditEvent.id')
    .select([
      'auditEvent.id',
      'auditEvent.requestId',
      'auditChainLink.chainPosition',
      'auditChainLink.previousHash',
      'auditChainLink.hash',
    ])
    .where('auditEvent.requestId', 'in', requestIds)
    .orderBy('auditEvent.id')
    .execute();
}

/** The id of the record sealed at a chain position. */
export async function eventIdAt(db: Db, position: number): Promise<string> {
  const row = await db
    .selectFrom('auditChainLink')
    .select('auditEventId')
    .where('chainPosition', '=', String(position))
    .executeTakeFirstOrThrow();
  return row.auditEventId;
}

/** What an insider with superuser rights could do: switch the triggers off for one transaction. */
export async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}
