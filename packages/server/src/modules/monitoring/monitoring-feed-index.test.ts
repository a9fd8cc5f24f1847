import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createMonitoringPurpose } from '../../../test/monitoring-fixtures';
import { parseFields } from '../persons/field-selection';
import { type FeedPageInput, feedQuery } from './monitoring-feed.repository';

let testDb: TestDatabase;
const organisationId = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  // Enough varied rows for the planner's statistics: 5,000 persons with 20,000 superseded versions,
  // 20,000 sealed events, 40,000 fan-out rows over 50 organisations, 20,000 subscriptions.
  await sql`
    INSERT INTO person (environment, personal_code, given_names, surname, search_given_names, search_surname,
      sex, birth_date, status, version, data)
    SELECT 'test', lpad((100000 + i)::text, 6, '0') || '-' || lpad(i::text, 5, '0'), 'Anna', 'S' || i,
      'anna', 's' || i, 'F', date '1950-01-01' + (i % 9000), 'active', 5, '{}'
    FROM generate_series(1, 5000) AS i`.execute(db);
  await sql`
    INSERT INTO change_event (environment, person_id, personal_code, version, type, changed_scopes, effective_date,
      recorded_by, sequence)
    SELECT 'test', p.id, p.personal_code, 1 + (i % 5), 'nameChanged', '{identity,names}', '2026-01-01', 'test', i
    FROM generate_series(1, 20000) AS i JOIN person p ON p.id = (SELECT min(id) FROM person) + (i % 5000)`.execute(
    db,
  );
  await sql`
    INSERT INTO monitoring_change (organisation_id, environment, sequence, change_event_id, subscription_id, purpose_id)
    SELECT ('00000000-0000-4000-8000-' || lpad((1 + i % 50)::text, 12, '0'))::uuid, 'test', e.sequence, e.id, 1,
      '00000000-0000-4000-8000-000000000000'
    FROM change_event e CROSS JOIN generate_series(0, 1) AS i`.execute(db);
  await sql`
    INSERT INTO person_version (person_id, version, personal_code, data)
    SELECT p.id, v, p.personal_code, '{}' FROM person p CROSS JOIN generate_series(1, 4) AS v`.execute(db);
  // Four organisations, each monitoring every person.
  for (let i = 0; i < 4; i++) {
    const organisation = await createOrganisation(db);
    const purposeId = await createMonitoringPurpose(db, organisation.id);
    await sql`
      INSERT INTO monitoring_subscription (organisation_id, environment, purpose_id, person_id)
      SELECT ${organisation.id}::uuid, 'test', ${purposeId}::uuid, id FROM person`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
});
afterAll(async () => testDb.drop());

async function plan(query: { compile: (db: TestDatabase['db']) => unknown }): Promise<string> {
  const compiled = query.compile(testDb.db) as { sql: string; parameters: readonly unknown[] };
  const rows = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(inline(compiled))}`.execute(testDb.db);
  return rows.rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** EXPLAIN takes no bind parameters through this path; the values are the test's own constants. */
function inline(compiled: { sql: string; parameters: readonly unknown[] }): string {
  return compiled.sql.replace(/\$(\d+)/g, (_, index: string) => {
    const value = compiled.parameters[Number(index) - 1];
    if (typeof value === 'number') return String(value);
    if (value === null) return 'NULL';
    return Array.isArray(value) ? `'{${value.join(',')}}'` : `'${String(value)}'`;
  });
}

/** A page of a purpose with whole and narrowed scopes, read by a client with one earlier delivery. */
function planInput(organisation: string): FeedPageInput {
  const { selection, paths } = parseFields(['identity', 'residence.declaredAddress']);
  return {
    organisationId: organisation,
    environment: 'test',
    after: '10000',
    limit: 1000,
    purposes: [
      {
        id: '00000000-0000-4000-8000-000000000000',
        granted: ['identity', 'residence'],
        selection,
        fields: paths,
      },
    ],
    delivered: [{ from: 0n, through: 10500n }],
    reader: {
      requestId: 'plan',
      occurredAt: new Date('2026-01-01T00:00:00Z'),
      actorKind: 'client',
      actorId: 'plan',
      endUser: null,
    },
  };
}

describe('the feed query', () => {
  it('reads one organisation’s page by its primary key and joins events, persons and versions by key', async () => {
    const text = await plan(feedQuery(planInput(organisationId)));
    expect(text).toContain('monitoring_change_pkey');
    expect(text).toContain('change_event_pkey');
    expect(text).toContain('person_pkey');
    expect(text).toContain('person_version_pkey');
    expect(text).not.toContain('Seq Scan on monitoring_change');
    expect(text).not.toContain('Seq Scan on change_event');
  });

  it('fans a sealed event out through the subscriptions of its person only', async () => {
    const text = await plan(
      sql`
        SELECT s.organisation_id FROM change_event sealed
        CROSS JOIN LATERAL (
          SELECT organisation_id FROM monitoring_subscription
          WHERE person_id = sealed.person_id AND environment = sealed.environment OFFSET 0) s
        WHERE sealed.id < 15000`,
    );
    expect(text).toContain('monitoring_subscription_person_idx');
    expect(text).not.toContain('Seq Scan on monitoring_subscription');
  });
});
