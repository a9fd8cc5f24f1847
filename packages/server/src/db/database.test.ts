import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { binaryCopy, binaryCopyRows, prepared } from './database';

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

describe('binary copy', () => {
  const copy = <Row>(statement: ReturnType<typeof sql<Row>>) =>
    sql<{ fields: Array<Buffer | null> }>`${binaryCopy}${statement}`.execute(testDb.db);

  it('answers each column as the bytes PostgreSQL sent, NULL as null, row by row', async () => {
    const result = await copy(sql`SELECT * FROM (VALUES ('Bērziņš', NULL::text), ('', 'ā')) AS v(a, b)`);
    expect(result.rows.map((row) => row.fields.map((field) => field?.toString('utf8') ?? null))).toEqual([
      ['Bērziņš', null],
      ['', 'ā'],
    ]);
    expect(result.rows[0]?.fields[0]).toEqual(Buffer.from('Bērziņš', 'utf8'));
  });

  it('writes the parameters in as quoted literals that come back verbatim, arrays and NULL included', async () => {
    const hostile = `x'); DROP TABLE audit_event; --\\ "q"`;
    const list = ['a,b', 'c"d', "e'f", 'g\\h'];
    const result = await copy(
      sql`SELECT ${hostile}::text, array_to_json(${list}::text[])::text, ${null}::text, ${42}::integer::text`,
    );
    expect(result.rows[0]?.fields.map((field) => field?.toString() ?? null)).toEqual([
      hostile,
      JSON.stringify(list),
      null,
      '42',
    ]);
    const tables = await sql`SELECT 1 FROM pg_tables WHERE tablename = 'audit_event'`.execute(testDb.db);
    expect(tables.rows).toHaveLength(1);
  });

  it('refuses a statement holding a $ that is not a placeholder', async () => {
    await expect(copy(sql`SELECT $q$text$q$ || ${'x'}::text`)).rejects.toThrow(/not a placeholder/);
  });

  it('runs a data-modifying statement inside the caller’s transaction', async () => {
    await sql`CREATE TEMPORARY TABLE copied (value text)`.execute(testDb.db);
    const rolledBack = new Error('rolled back');
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        const result = await sql<{ fields: Array<Buffer | null> }>`${binaryCopy}
          WITH added AS (INSERT INTO copied VALUES (${'one'}::text) RETURNING value)
          SELECT (SELECT count(*) FROM added)::text`.execute(trx);
        expect(result.rows[0]?.fields[0]?.toString()).toBe('1');
        const inside = await sql`SELECT value FROM copied`.execute(trx);
        expect(inside.rows).toEqual([{ value: 'one' }]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await sql`SELECT value FROM copied`.execute(testDb.db)).rows).toEqual([]);
  });

  it('reads only the documented file format', () => {
    expect(() => binaryCopyRows(Buffer.from('1\t2\n'))).toThrow(/not a binary COPY/);
  });
});
