import type { Environment, PersonRecord } from '@fpr/contract';
import type { Db } from '../../db/database';

/** The id range of an environment's persons, for random sampling by id. */
export async function personIdRange(
  db: Db,
  environment: Environment,
): Promise<{ min: number; max: number } | null> {
  const row = await db
    .selectFrom('person')
    .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
    .where('environment', '=', environment)
    .executeTakeFirst();
  if (!row?.min || !row.max) return null;
  return { min: Number(row.min), max: Number(row.max) };
}

/** Living persons with the given ids (missing ids and the dead are simply absent). */
export async function livingPersonsByIds(
  db: Db,
  environment: Environment,
  ids: number[],
): Promise<PersonRecord[]> {
  const rows = await db
    .selectFrom('person')
    .select('data')
    .where('environment', '=', environment)
    .where('status', '=', 'active')
    .where(
      'id',
      'in',
      ids.map((id) => String(id)),
    )
    .execute();
  return rows.map((row) => row.data as PersonRecord);
}
