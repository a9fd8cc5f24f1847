import type { PersonRecord } from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { registerContext } from '../../../test/register-fixtures';
import { seedRegister } from './seed';
import { simulateLifeEvents } from './simulation';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 12 });
  await seedRegister(testDb.db, {
    connectionString: testDb.url,
    environment: 'test',
    persons: 600,
    seed: 3,
    today: '2026-11-27',
  });
});
afterAll(async () => testDb.drop());

async function allRecords(): Promise<Map<string, PersonRecord>> {
  const rows = await testDb.db
    .selectFrom('person')
    .select('data')
    .where('environment', '=', 'test')
    .execute();
  const records = rows.map((row) => row.data as PersonRecord);
  return new Map(records.map((record) => [record.identity.personalCode, record]));
}

describe('a simulated stream of life events', () => {
  it('records through the service with concurrent writers and leaves every relation consistent', async () => {
    const outcome = await simulateLifeEvents(
      registerContext(testDb.db, { now: () => new Date('2026-11-27T12:00:00Z') }),
      {
        environment: 'test',
        events: 300,
        seed: 11,
        concurrency: 6,
      },
    );
    expect(outcome.recorded).toBe(300);
    expect(Object.keys(outcome.byType).length).toBeGreaterThanOrEqual(8);
    const records = await allRecords();
    for (const record of records.values()) {
      const spouse = record.civilStatus.spouse;
      // A deceased person's civil status stays as it was at death; the survivor may remarry.
      if (record.identity.status === 'active' && record.civilStatus.maritalStatus === 'married' && spouse) {
        expect(records.get(spouse.personalCode)?.civilStatus.spouse?.personalCode).toBe(
          record.identity.personalCode,
        );
      }
      for (const child of record.relatives.children) {
        const parents = records.get(child.personalCode)?.relatives.parents.map((p) => p.personalCode);
        expect(parents).toContain(record.identity.personalCode);
      }
      for (const parent of record.relatives.parents) {
        const children = records.get(parent.personalCode)?.relatives.children.map((c) => c.personalCode);
        expect(children).toContain(record.identity.personalCode);
      }
    }
  });

  it('keeps every superseded version, and one change event per version but the seeded first', async () => {
    // person_version holds versions 1..n-1 (the current one is in person); every version but a
    // seeded version 1 was made by a change event.
    const mismatches = await sql<{ personId: string }>`
      SELECT p.id AS "personId" FROM person p
      WHERE p.version - 1 <> (SELECT count(*) FROM person_version v WHERE v.person_id = p.id)
         OR p.version <> (SELECT count(*) FROM change_event e WHERE e.person_id = p.id)
                         + (SELECT count(*) FROM person_version v WHERE v.person_id = p.id AND v.change_event_id IS NULL)
                         + (CASE WHEN p.change_event_id IS NULL THEN 1 ELSE 0 END)`.execute(testDb.db);
    expect(mismatches.rows).toEqual([]);
    const changed = await sql<{ count: number }>`SELECT count(*)::int AS count FROM person_version`.execute(
      testDb.db,
    );
    expect(changed.rows[0]?.count).toBeGreaterThan(100);
  });
});
