import type { ChangeEventType, Environment, PersonRecord, ScopeName } from '@fpr/contract';
import { sql } from 'kysely';
import { type Db, prepared } from '../../db/database';
import { personKeyOf } from './person-key';

export interface PersonRow {
  id: string;
  version: number;
  data: PersonRecord;
}

/**
 * Reads the named persons by current or previous code: one statement, so one consistent snapshot
 * of all of them. No row locks: the write checks each version optimistically, and locking here
 * cost a heap write and a WAL record per person read.
 */
export async function findPersonsByCodes(
  db: Db,
  environment: Environment,
  codes: string[],
): Promise<PersonRow[]> {
  if (codes.length === 0) return [];
  // A function, so that its plan is made once per connection (migration 0027).
  const result = await sql<PersonRow>`${prepared}
    SELECT id, version, data FROM find_persons_by_codes(${environment}, ${codes}::text[])`.execute(db);
  return result.rows;
}

export interface ChangeToWrite {
  environment: Environment;
  personId: string | null;
  expectedVersion: number;
  record: PersonRecord;
  type: ChangeEventType;
  changedScopes: ScopeName[];
  previousPersonalCode: string | null;
  effectiveDate: string;
  details: Record<string, unknown>;
  recordedBy: string;
}

export interface WrittenChange {
  changeEventId: string;
  personId: string;
  version: number;
}

/**
 * Writes every planned change of one life event in ONE statement (one round trip, one implicit
 * transaction) through the `record_person_changes` function: per person the new version, checked
 * against the version the plan was made from, its change event and its history row. A concurrent
 * change aborts it all with a serialisation failure (SQLSTATE 40001).
 */
export async function writeChanges(db: Db, changes: ChangeToWrite[]): Promise<WrittenChange[]> {
  const payload = changes.map((change) => ({
    environment: change.environment,
    personId: change.personId,
    expectedVersion: change.expectedVersion,
    key: personKeyOf(change.record),
    data: change.record,
    type: change.type,
    changedScopes: change.changedScopes,
    previousPersonalCode: change.previousPersonalCode,
    effectiveDate: change.effectiveDate,
    details: change.details,
    recordedBy: change.recordedBy,
  }));
  const result = await sql<WrittenChange>`${prepared}
    SELECT change_event_id AS "changeEventId", person_id AS "personId", version
    FROM record_person_changes(${JSON.stringify(payload)}::jsonb)`.execute(db);
  return result.rows;
}
