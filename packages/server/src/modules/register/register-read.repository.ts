import type { Environment, PersonRecord } from '@fpr/contract';
import type { Db } from '../../db/database';

export interface ChangeEventRow {
  id: string;
  sequence: string | null;
  personalCode: string;
  previousPersonalCode: string | null;
  version: number;
  type: string;
  changedScopes: string[];
  effectiveDate: string;
  recordedAt: Date;
  details: Record<string, unknown>;
  recordedBy: string;
}

export const changeEventColumns = [
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
] as const;

export interface CurrentPersonRow {
  id: string;
  version: number;
  personalCode: string;
  data: PersonRecord;
  updatedAt: Date;
  changeEventId: string | null;
}

/** The current record of a person found by current or previous code, or undefined. */
export async function findPerson(db: Db, environment: Environment, code: string) {
  return db
    .selectFrom('person')
    .select(['id', 'version', 'personalCode', 'data', 'updatedAt', 'changeEventId'])
    .where('environment', '=', environment)
    .where((eb) => eb.or([eb('personalCode', '=', code), eb('previousPersonalCode', '=', code)]))
    .executeTakeFirst() as Promise<CurrentPersonRow | undefined>;
}

/** The superseded versions (the current one lives in `person`) and the change events of a person, oldest first. */
export async function findHistory(db: Db, personId: string) {
  const versions = await db
    .selectFrom('personVersion')
    .select(['version', 'personalCode', 'recordedAt', 'changeEventId'])
    .where('personId', '=', personId)
    .orderBy('version')
    .execute();
  const events = (await db
    .selectFrom('changeEvent')
    .select(changeEventColumns)
    .where('personId', '=', personId)
    .orderBy('id')
    .execute()) as ChangeEventRow[];
  return { versions, events };
}

/** One superseded, immutable version of a person. */
export async function findVersion(db: Db, personId: string, version: number) {
  return db
    .selectFrom('personVersion')
    .select(['version', 'personalCode', 'data', 'recordedAt', 'changeEventId'])
    .where('personId', '=', personId)
    .where('version', '=', version)
    .executeTakeFirst() as Promise<
    | {
        version: number;
        personalCode: string;
        data: PersonRecord;
        recordedAt: Date;
        changeEventId: string | null;
      }
    | undefined
  >;
}

/** A few living persons' codes of an environment, the same ones every time (for demo credentials). */
export async function samplePersonalCodes(
  db: Db,
  environment: Environment,
  count: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('person')
    .select('personalCode')
    .where('environment', '=', environment)
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(count)
    .execute();
  return rows.map((row) => row.personalCode);
}

/** How many persons an environment holds. */
export async function countPersons(db: Db, environment: Environment): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('environment', '=', environment)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
