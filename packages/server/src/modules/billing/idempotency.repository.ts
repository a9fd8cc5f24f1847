import type { Db } from '../../db/database';

export interface IdempotencyRecordRow {
  fingerprint: string;
  responseStatus: number | null;
  responseBody: unknown;
}

/**
 * Claims a key for this transaction: inserts its record, or takes over an expired one. False when
 * a live record holds the key. A concurrent transaction's uncommitted claim makes this wait on the
 * unique index until that transaction ends; then it is either its committed record (false) or,
 * after a rollback, free for this claim (true).
 */
export async function claimIdempotencyKey(
  db: Db,
  record: { organisationId: string; key: string; fingerprint: string; createdAt: Date; expiredBefore: Date },
): Promise<boolean> {
  const { expiredBefore, ...values } = record;
  const claimed = await db
    .insertInto('idempotencyRecord')
    .values(values)
    .onConflict((conflict) =>
      conflict
        .columns(['organisationId', 'key'])
        .doUpdateSet((eb) => ({
          fingerprint: eb.ref('excluded.fingerprint'),
          createdAt: eb.ref('excluded.createdAt'),
          responseStatus: null,
          responseBody: null,
        }))
        .where('idempotencyRecord.createdAt', '<=', expiredBefore),
    )
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function findIdempotencyRecord(
  db: Db,
  organisationId: string,
  key: string,
): Promise<IdempotencyRecordRow | undefined> {
  return db
    .selectFrom('idempotencyRecord')
    .select(['fingerprint', 'responseStatus', 'responseBody'])
    .where('organisationId', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function storeIdempotentResponse(
  db: Db,
  record: { organisationId: string; key: string; status: number; body: string },
): Promise<void> {
  await db
    .updateTable('idempotencyRecord')
    .set({ responseStatus: record.status, responseBody: record.body })
    .where('organisationId', '=', record.organisationId)
    .where('key', '=', record.key)
    .execute();
}

/** Removes the records created at or before `expiredBefore`; how many went. */
export async function deleteExpiredIdempotencyRecords(db: Db, expiredBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotencyRecord')
    .where('createdAt', '<=', expiredBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
