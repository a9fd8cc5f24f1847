import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { prepared } from './database';

// One connection, so that every statement below meets the same session's prepared statements.
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 1 });
});
afterAll(async () => testDb.drop());

async function preparedTexts(): Promise<string[]> {
  const result = await sql<{ statement: string }>`
    SELECT statement FROM pg_prepared_statements WHERE NOT from_sql`.execute(testDb.db);
  return result.rows.map((row) => row.statement);
}

describe('prepared statements', () => {
  it('prepares a marked statement once per connection and re-executes it with new parameters', async () => {
    const { db } = testDb;
    const run = (value: number) =>
      sql<{ doubled: number }>`${prepared}SELECT ${value}::integer * 2 AS doubled`.execute(db);
    expect((await run(2)).rows).toEqual([{ doubled: 4 }]);
    expect((await run(21)).rows).toEqual([{ doubled: 42 }]);
    const marked = (await preparedTexts()).filter((text) => text.includes('* 2 AS doubled'));
    expect(marked).toHaveLength(1);
  });

  it('leaves an unmarked statement unnamed', async () => {
    await sql`SELECT ${1}::integer + 40 AS unmarked`.execute(testDb.db);
    expect((await preparedTexts()).some((text) => text.includes('unmarked'))).toBe(false);
  });

  it('plans the person-query delivery once per connection: its function forces the generic plan', async () => {
    const config = await sql<{ proconfig: string[] }>`
      SELECT proconfig FROM pg_proc WHERE proname = 'deliver_persons_by_codes'`.execute(testDb.db);
    expect(config.rows).toEqual([{ proconfig: ['plan_cache_mode=force_generic_plan'] }]);
  });
});
