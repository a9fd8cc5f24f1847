import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ChangeEventRow } from './register-read.repository';

/**
 * Gives committed change events their feed positions, in the order this sealer sees them commit.
 * Ids are assigned at insert, so transactions commit out of id order; a reader polling by id
 * would skip late commits. The sealer holds the sequencer row lock while it stamps, so sealings
 * are serial: anything committed after a sealing gets a higher position than all it stamped.
 */
export async function sealCommittedEvents(db: Db, batchSize: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('feedSequencer')
      .select('lastSequence')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // A new statement, so a new snapshot: it sees what the previous sealer committed.
    const stamped = await sql<{ count: string }>`
      WITH pending AS (
        SELECT id, row_number() OVER (ORDER BY id) AS position
        FROM change_event WHERE sequence IS NULL ORDER BY id LIMIT ${batchSize}
      ), stamped AS (
        UPDATE change_event SET sequence = ${head.lastSequence}::bigint + pending.position
        FROM pending WHERE change_event.id = pending.id RETURNING 1
      )
      SELECT count(*)::text AS count FROM stamped`.execute(trx);
    const count = Number(stamped.rows[0]?.count ?? 0);
    if (count > 0) {
      await trx
        .updateTable('feedSequencer')
        .set({ lastSequence: sql`last_sequence + ${count}` })
        .where('id', '=', 1)
        .execute();
    }
    return count;
  });
}

/** The highest feed position handed out so far. */
export async function headSequence(db: Db): Promise<string> {
  const row = await db
    .selectFrom('feedSequencer')
    .select('lastSequence')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.lastSequence;
}

/** Sealed change events after a feed position, ascending. */
export async function readChangesAfter(
  db: Db,
  environment: Environment,
  after: string,
  limit: number,
): Promise<ChangeEventRow[]> {
  return db
    .selectFrom('changeEvent')
    .select([
      'id',
      'sequence',
      'personalCode',
      'previousPersonalCode',
      'version',
      'type',
      'changedScopes',
      'effectiveDate',
      'recordedAt',
      'details',
      'recordedBy',
    ])
    .where('sequence', '>', after)
    .where('environment', '=', environment)
    .orderBy('sequence')
    .limit(limit)
    .execute() as Promise<ChangeEventRow[]>;
}
