import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { type AccessNotice, accessChannel, encodeNotice } from './access-notice';

export interface ConnectionStateRow {
  id: string;
  organisationId: string;
  environment: string;
  status: string;
  ipAllowList: string[];
  rateLimitPerMinute: number;
}

const connectionColumns = [
  'id',
  'organisationId',
  'environment',
  'status',
  'ipAllowList',
  'rateLimitPerMinute',
] as const;

/**
 * Tells every server's access-state cache that something changed. Call it inside the transaction
 * that makes the change: PostgreSQL delivers the notice only if, and only when, it commits.
 */
export async function notifyAccess(db: Db, notice: AccessNotice): Promise<void> {
  await sql`SELECT pg_notify(${accessChannel}, ${encodeNotice(notice)})`.execute(db);
}

export async function listConnectionStates(db: Db): Promise<ConnectionStateRow[]> {
  return db.selectFrom('connection').select(connectionColumns).execute();
}

export async function findConnectionState(db: Db, id: string): Promise<ConnectionStateRow | undefined> {
  return db.selectFrom('connection').select(connectionColumns).where('id', '=', id).executeTakeFirst();
}

export async function findConnectionStateFor(
  db: Db,
  organisationId: string,
  environment: string,
): Promise<ConnectionStateRow | undefined> {
  return db
    .selectFrom('connection')
    .select(connectionColumns)
    .where('organisationId', '=', organisationId)
    .where('environment', '=', environment)
    .executeTakeFirst();
}

export async function listRevokedClientIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('systemClient')
    .select('clientId')
    .where('revokedAt', 'is not', null)
    .execute();
  return rows.map((row) => row.clientId);
}

/** True for a revoked client, and for one that does not exist (it can hold no valid token). */
export async function isClientRevokedInDatabase(db: Db, clientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('systemClient')
    .select('revokedAt')
    .where('clientId', '=', clientId)
    .executeTakeFirst();
  return row === undefined || row.revokedAt !== null;
}
