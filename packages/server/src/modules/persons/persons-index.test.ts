import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { nameSearchQuery } from './persons.repository';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  // Enough varied rows for the planner's statistics to tell a selective index from the others.
  await sql`
    INSERT INTO person (environment, personal_code, given_names, surname, search_given_names, search_surname,
      sex, birth_date, status, version, data)
    SELECT 'production', lpad((100000 + i)::text, 6, '0') || '-' || lpad(i::text, 5, '0'), 'Anna', 'S' || i,
      'anna', 's' || (i % 500), 'F', date '1950-01-01' + (i % 9000), 'active', 1, '{}'
    FROM generate_series(1, 5000) AS i`.execute(testDb.db);
  await sql`ANALYZE person`.execute(testDb.db);
});
afterAll(async () => testDb.drop());

describe('the name search', () => {
  it('is served by the name index (the query stays sargable: folded columns compared as stored)', async () => {
    const plan = await testDb.db.connection().execute(async (connection) => {
      // A small test table would be scanned whole anyway; without that option the plan shows
      // which index serves the query, as one must on two million persons.
      await sql`SET enable_seqscan = off`.execute(connection);
      const query = nameSearchQuery(connection, {
        environment: 'production',
        surname: 'berzins',
        givenName: 'janis',
        birthDate: '1980-02-29',
        includeDeceased: false,
        limit: 11,
      });
      const rows = await query.explain();
      await sql`RESET enable_seqscan`.execute(connection);
      return rows.map((row) => String(Object.values(row)[0])).join('\n');
    });
    expect(plan).toContain('person_name_search_idx');
    expect(plan).not.toContain('Seq Scan');
  });
});
