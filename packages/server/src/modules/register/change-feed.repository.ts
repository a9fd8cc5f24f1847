import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { type ChangeEventRow, changeEventColumns } from './register-read.repository';

/**
 * Gives committed change events their feed positions, in the order this sealer sees them commit
 * (ADR 0002). Ids are assigned at insert, so transactions commit out of id order; a reader polling
 * by id would skip late commits. `seal_change_events` holds the sequencer row lock while it
 * stamps, so sealings are serial: anything committed after a sealing gets a higher position.
 */
export async function sealCommittedEvents(db: Db, batchSize: number): Promise<number> {
  const result = await sql<{
    sealed: number;
  }>`SELECT seal_change_events(${batchSize}::integer) AS sealed`.execute(db);
  return result.rows[0]?.sealed ?? 0;
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
    .select(changeEventColumns)
    .where('sequence', '>', after)
    .where('environment', '=', environment)
    .orderBy('sequence')
    .limit(limit)
    .execute() as Promise<ChangeEventRow[]>;
}
