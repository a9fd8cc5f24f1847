import type { Db } from '../../db/database';

export interface OpenSuspensionRow {
  id: string;
  connectionId: string;
  organisationId: string;
}

/** Connections suspended for an unpaid invoice and not restored yet. */
export async function listOpenSuspensions(db: Db): Promise<OpenSuspensionRow[]> {
  return db
    .selectFrom('billingSuspension')
    .innerJoin('connection', 'connection.id', 'billingSuspension.connectionId')
    .select(['billingSuspension.id', 'billingSuspension.connectionId', 'connection.organisationId'])
    .where('billingSuspension.restoredAt', 'is', null)
    .orderBy('billingSuspension.id')
    .execute();
}

export async function insertSuspension(
  db: Db,
  suspension: { connectionId: string; invoiceId: string; suspendedAt: Date },
): Promise<void> {
  await db.insertInto('billingSuspension').values(suspension).execute();
}

/** Ends an open suspension; false when another run ended it first. */
export async function endSuspension(db: Db, id: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('billingSuspension')
    .set({ restoredAt: at })
    .where('id', '=', id)
    .where('restoredAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the connection was suspended for this invoice before (and restored since, by hand or paid). */
export async function wasSuspendedFor(db: Db, connectionId: string, invoiceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('billingSuspension')
    .select('id')
    .where('connectionId', '=', connectionId)
    .where('invoiceId', '=', invoiceId)
    .executeTakeFirst();
  return row !== undefined;
}
