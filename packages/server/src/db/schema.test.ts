import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

describe('history tables are append-only', () => {
  it('refuses to update or delete a person version', async () => {
    const { db } = testDb;
    const person = await sql<{ id: string }>`
      INSERT INTO person (environment, personal_code, given_names, surname, search_given_names, search_surname,
        sex, birth_date, status, version, data)
      VALUES ('test', '010190-10415', 'Jānis', 'Bērziņš', 'janis', 'berzins', 'M', '1990-01-01', 'active', 1, '{}')
      RETURNING id`.execute(db);
    const personId = person.rows[0]?.id;
    await sql`INSERT INTO person_version (person_id, version, personal_code, data)
              VALUES (${personId}, 1, '010190-10415', '{}')`.execute(db);
    await expect(sql`UPDATE person_version SET data = '{"x":1}'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM person_version`.execute(db)).rejects.toThrow(/append-only/);
  });
});
