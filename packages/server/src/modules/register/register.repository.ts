import type { ChangeEventType, Environment, PersonRecord, ScopeName } from '@fpr/contract';
import { foldName } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface PersonRow {
  id: string;
  version: number;
  data: PersonRecord;
}

/** Locks the named persons (by current or previous code) in id order, so writers never deadlock. */
export async function lockPersonsByCodes(
  db: Db,
  environment: Environment,
  codes: string[],
): Promise<PersonRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('person')
    .select(['id', 'version', 'data'])
    .where('environment', '=', environment)
    .where((eb) =>
      eb.or([
        eb('personalCode', 'in', codes),
        eb('previousPersonalCodes', '&&', sql<string[]>`${codes}::text[]`),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute() as Promise<PersonRow[]>;
}

export async function isPersonalCodeTaken(db: Db, environment: Environment, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('person')
    .select('id')
    .where('environment', '=', environment)
    .where((eb) =>
      eb.or([
        eb('personalCode', '=', code),
        eb('previousPersonalCodes', '@>', sql<string[]>`ARRAY[${code}]::text[]`),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
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

function keyColumns(environment: Environment, record: PersonRecord) {
  const { identity, residence } = record;
  return {
    environment,
    personalCode: identity.personalCode,
    previousPersonalCodes: identity.previousPersonalCodes,
    givenNames: identity.givenNames,
    surname: identity.surname,
    searchGivenNames: foldName(identity.givenNames),
    searchSurname: foldName(identity.surname),
    sex: identity.sex,
    birthDate: identity.birthDate,
    status: identity.status,
    declaredAddressCode: residence.declaredAddress?.addressCode ?? null,
    data: JSON.stringify(record),
  };
}

/**
 * Writes one person's new version, its change event and its history row in ONE statement (one
 * round trip): the hot path of life events. The version check guards against a lost update.
 */
export async function writeChange(db: Db, change: ChangeToWrite): Promise<WrittenChange> {
  const row =
    change.personId === null
      ? await insertWithEvent(db, change)
      : await updateWithEvent(db, change, change.personId);
  if (!row) throw new Error('person changed concurrently although it was locked');
  return row;
}

function eventColumns(change: ChangeToWrite) {
  return {
    environment: sql.lit(change.environment),
    personalCode: sql<string>`${change.record.identity.personalCode}::text`,
    previousPersonalCode: sql<string | null>`${change.previousPersonalCode}::text`,
    type: sql<string>`${change.type}::text`,
    changedScopes: sql<string[]>`${change.changedScopes}::text[]`,
    effectiveDate: sql<string>`${change.effectiveDate}::date`,
    details: sql<string>`${JSON.stringify(change.details)}::jsonb`,
    recordedBy: sql<string>`${change.recordedBy}::text`,
  };
}

async function updateWithEvent(db: Db, change: ChangeToWrite, personId: string) {
  const event = eventColumns(change);
  return db
    .with('changed', (qb) =>
      qb
        .updateTable('person')
        .set({
          ...keyColumns(change.environment, change.record),
          version: change.expectedVersion + 1,
          updatedAt: sql`now()`,
        })
        .where('id', '=', personId)
        .where('version', '=', change.expectedVersion)
        .returning(['id', 'version', 'data']),
    )
    .with('event', (qb) =>
      qb
        .insertInto('changeEvent')
        .columns([
          'environment',
          'personId',
          'personalCode',
          'previousPersonalCode',
          'version',
          'type',
          'changedScopes',
          'effectiveDate',
          'details',
          'recordedBy',
        ])
        .expression((eb) =>
          eb
            .selectFrom('changed')
            .select((s) => [
              event.environment.as('environment'),
              s.ref('changed.id').as('personId'),
              event.personalCode.as('personalCode'),
              event.previousPersonalCode.as('previousPersonalCode'),
              s.ref('changed.version').as('version'),
              event.type.as('type'),
              event.changedScopes.as('changedScopes'),
              event.effectiveDate.as('effectiveDate'),
              event.details.as('details'),
              event.recordedBy.as('recordedBy'),
            ]),
        )
        .returning(['id', 'personId', 'version']),
    )
    .insertInto('personVersion')
    .columns(['personId', 'version', 'personalCode', 'data', 'changeEventId'])
    .expression((eb) =>
      eb
        .selectFrom('event')
        .innerJoin('changed', 'changed.id', 'event.personId')
        .select((s) => [
          s.ref('event.personId').as('personId'),
          s.ref('event.version').as('version'),
          event.personalCode.as('personalCode'),
          s.ref('changed.data').as('data'),
          s.ref('event.id').as('changeEventId'),
        ]),
    )
    .returning(['changeEventId', 'personId', 'version'])
    .executeTakeFirst()
    .then(toWritten);
}

async function insertWithEvent(db: Db, change: ChangeToWrite) {
  const event = eventColumns(change);
  return db
    .with('created', (qb) =>
      qb
        .insertInto('person')
        .values({ ...keyColumns(change.environment, change.record), version: 1 })
        .returning(['id', 'version', 'data']),
    )
    .with('event', (qb) =>
      qb
        .insertInto('changeEvent')
        .columns([
          'environment',
          'personId',
          'personalCode',
          'previousPersonalCode',
          'version',
          'type',
          'changedScopes',
          'effectiveDate',
          'details',
          'recordedBy',
        ])
        .expression((eb) =>
          eb
            .selectFrom('created')
            .select((s) => [
              event.environment.as('environment'),
              s.ref('created.id').as('personId'),
              event.personalCode.as('personalCode'),
              event.previousPersonalCode.as('previousPersonalCode'),
              s.ref('created.version').as('version'),
              event.type.as('type'),
              event.changedScopes.as('changedScopes'),
              event.effectiveDate.as('effectiveDate'),
              event.details.as('details'),
              event.recordedBy.as('recordedBy'),
            ]),
        )
        .returning(['id', 'personId', 'version']),
    )
    .insertInto('personVersion')
    .columns(['personId', 'version', 'personalCode', 'data', 'changeEventId'])
    .expression((eb) =>
      eb
        .selectFrom('event')
        .innerJoin('created', 'created.id', 'event.personId')
        .select((s) => [
          s.ref('event.personId').as('personId'),
          s.ref('event.version').as('version'),
          event.personalCode.as('personalCode'),
          s.ref('created.data').as('data'),
          s.ref('event.id').as('changeEventId'),
        ]),
    )
    .returning(['changeEventId', 'personId', 'version'])
    .executeTakeFirst()
    .then(toWritten);
}

function toWritten(row: { changeEventId: string | null; personId: string; version: number } | undefined) {
  if (!row?.changeEventId) return undefined;
  return { changeEventId: row.changeEventId, personId: row.personId, version: row.version };
}
