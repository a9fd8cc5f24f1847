import type { Db } from '../../db/database';

/** Feed positions of change events by id (null while unsealed). */
export async function sequencesOf(db: Db, changeEventIds: string[]): Promise<Map<string, string | null>> {
  if (changeEventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('changeEvent')
    .select(['id', 'sequence'])
    .where('id', 'in', changeEventIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.sequence]));
}
