import { randomUUID } from 'node:crypto';
import {
  type ChangeFeedPage,
  changeEventTypes,
  type MonitoredChange,
  type PersonRecord,
  scopeNames,
} from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createMonitoringPurpose, sealFeed } from '../../../test/monitoring-fixtures';
import { registerContext } from '../../../test/register-fixtures';
import { parseFields } from '../persons/field-selection';
import { projectPerson } from '../persons/projection';
import { seedRegister } from '../register/seed';
import { simulateLifeEvents } from '../register/simulation';
import { type MonitoringOrigin, subscribe } from './monitoring.service';
import { readChanges } from './monitoring-feed.service';
import { grantedScopes, visibleScopes } from './monitoring-rules';

/**
 * The feed's page is built by PostgreSQL (ADR 0012); the persons module's `projectPerson` is the
 * reference of what a purpose may see. Here both meet on a varied feed — the simulator's whole mix
 * of life events, superseded versions, personal-code changes, and purposes with whole scopes,
 * narrowed scopes and `scope.field` grants only — so the two projections cannot drift apart.
 */
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 8 });
});
afterAll(async () => testDb.drop());

const purposeShapes = [
  { scopes: [...scopeNames], fields: [] },
  {
    scopes: ['identity', 'names'],
    fields: [
      'residence.declaredAddress',
      'civilStatus.spouse',
      'civilStatus.maritalStatus',
      'documents.documents',
    ],
  },
  { scopes: [], fields: ['identity.surname', 'identity.status', 'death.deathDate', 'relatives.children'] },
];

interface Purpose {
  id: string;
  scopes: string[];
  fields: string[];
}

describe('the feed page built by PostgreSQL', () => {
  it('delivers exactly what the Node projection of each change’s version shows, for every purpose shape', async () => {
    const { db } = testDb;
    await seedRegister(db, { connectionString: testDb.url, environment: 'test', persons: 300, seed: 7 });
    const organisation = await createOrganisation(db);
    const purposes: Purpose[] = [];
    for (const shape of purposeShapes)
      purposes.push({ id: await createMonitoringPurpose(db, organisation.id, shape), ...shape });
    const origin: MonitoringOrigin = {
      caller: {
        kind: 'client',
        clientId: 'projection-test',
        organisationId: organisation.id,
        environment: 'test',
        connectionId: randomUUID(),
      },
      organisationId: organisation.id,
      environment: 'test',
    };
    const service = { db, now: () => new Date() };
    const codes = await db
      .selectFrom('person')
      .select('personalCode')
      .where('environment', '=', 'test')
      .orderBy('id')
      .execute();
    // Every person under one of the three purposes, in turn.
    for (const [index, purpose] of purposes.entries()) {
      const share = codes.filter((_, i) => i % purposes.length === index).map((row) => row.personalCode);
      await subscribe(service, origin, { purposeId: purpose.id, personalCodes: share });
    }
    await simulateLifeEvents(registerContext(db), {
      environment: 'test',
      events: 900,
      seed: 3,
      concurrency: 4,
    });
    await sealFeed(db);

    const pages = await readWholeFeed(service, origin);
    const delivered = pages.flat();
    const expected = await projectedInNode(organisation.id, purposes);
    expect(delivered.length).toBeGreaterThan(500);
    expect(delivered).toEqual(expected);

    // The page covered what it should: most event types, superseded versions, code changes, every purpose.
    const types = new Set(delivered.map((change) => change.type));
    expect(types.size).toBeGreaterThanOrEqual(changeEventTypes.length - 3);
    expect(delivered.some((change) => change.previousPersonalCode !== undefined)).toBe(true);
    expect(await supersededCount(delivered)).toBeGreaterThan(0);
    expect(await auditedPairs(organisation.id)).toEqual(
      (await Promise.all(pages.map((page) => deliveredPairs(organisation.id, page, purposes)))).flat().sort(),
    );
    const purposeOf = await purposesBySequence(organisation.id);
    for (const purpose of purposes)
      expect(delivered.some((change) => purposeOf.get(String(change.sequence)) === purpose.id)).toBe(true);
  });
});

/** Pages of 250 after=lastSequence, parsed as a consumer would. */
async function readWholeFeed(
  service: { db: TestDatabase['db']; now: () => Date },
  origin: MonitoringOrigin,
): Promise<MonitoredChange[][]> {
  const pages: MonitoredChange[][] = [];
  let after = '0';
  for (;;) {
    const page = JSON.parse(
      (
        await readChanges(service, { ...origin, requestId: randomUUID() }, { after, limit: 250 })
      ).json.toString(),
    ) as ChangeFeedPage;
    if (page.changes.length > 0) pages.push(page.changes);
    if (page.changes.length === 0 && page.lastSequence >= page.headSequence) return pages;
    after = String(page.lastSequence);
  }
}

/** The organisation's whole feed projected in Node from the stored rows: the reference. */
async function projectedInNode(
  organisationId: string,
  purposes: readonly Purpose[],
): Promise<MonitoredChange[]> {
  const rows = await sql<{
    sequence: string;
    purposeId: string;
    personalCode: string;
    previousPersonalCode: string | null;
    version: number;
    type: MonitoredChange['type'];
    changedScopes: string[];
    effectiveDate: string;
    recordedAt: Date;
    record: PersonRecord;
  }>`
    SELECT m.sequence::text AS sequence, m.purpose_id, e.personal_code, e.previous_personal_code, e.version, e.type,
      e.changed_scopes, to_char(e.effective_date, 'YYYY-MM-DD') AS effective_date, e.recorded_at,
      coalesce(p.data, v.data) AS record
    FROM monitoring_change m
    JOIN change_event e ON e.id = m.change_event_id
    LEFT JOIN person p ON p.id = e.person_id AND p.version = e.version
    LEFT JOIN person_version v ON v.person_id = e.person_id AND v.version = e.version
    WHERE m.organisation_id = ${organisationId}::uuid
    ORDER BY m.sequence`.execute(testDb.db);
  return rows.rows.flatMap((row) => {
    const purpose = purposes.find((candidate) => candidate.id === row.purposeId);
    if (!purpose) throw new Error('a change under an unknown purpose');
    const changedScopes = visibleScopes(row.changedScopes, grantedScopes(purpose));
    if (changedScopes.length === 0) return [];
    const { selection } = parseFields([...purpose.scopes, ...purpose.fields]);
    const person = projectPerson(
      {
        personalCode: row.personalCode,
        status: row.record.identity.status,
        version: row.version,
        record: row.record,
      },
      selection,
    );
    return [
      {
        sequence: Number(row.sequence),
        personalCode: row.personalCode,
        ...(row.previousPersonalCode ? { previousPersonalCode: row.previousPersonalCode } : {}),
        type: row.type,
        changedScopes,
        effectiveDate: row.effectiveDate,
        recordedAt: row.recordedAt.toISOString(),
        person,
      },
    ];
  });
}

/** How many delivered changes show a version that a later one superseded (read from `person_version`). */
async function supersededCount(changes: readonly MonitoredChange[]): Promise<number> {
  const current = await testDb.db.selectFrom('person').select(['personalCode', 'version']).execute();
  const versions = new Map(current.map((row) => [row.personalCode, row.version]));
  return changes.filter((change) => change.person.version < (versions.get(change.personalCode) ?? 0)).length;
}

async function purposesBySequence(organisationId: string): Promise<Map<string, string>> {
  const rows = await testDb.db
    .selectFrom('monitoringChange')
    .select(['sequence', 'purposeId'])
    .where('organisationId', '=', organisationId)
    .execute();
  return new Map(rows.map((row) => [String(row.sequence), row.purposeId]));
}

/** The audit records of the first read: per page, one per person and purpose, naming the purpose's fields. */
async function auditedPairs(organisationId: string): Promise<string[]> {
  const rows = await testDb.db
    .selectFrom('auditEvent')
    .select(['personId', 'purposeId', 'fields', 'queryType'])
    .where('organisationId', '=', organisationId)
    .execute();
  return rows
    .map((row) => `${row.personId} ${row.purposeId} ${row.queryType} ${row.fields.join(',')}`)
    .sort();
}

async function deliveredPairs(
  organisationId: string,
  changes: readonly MonitoredChange[],
  purposes: readonly Purpose[],
): Promise<string[]> {
  const rows = await sql<{ personId: string; purposeId: string }>`
    SELECT DISTINCT e.person_id::text AS person_id, m.purpose_id
    FROM monitoring_change m JOIN change_event e ON e.id = m.change_event_id
    WHERE m.organisation_id = ${organisationId}::uuid
      AND m.sequence = ANY (${changes.map((change) => String(change.sequence))}::bigint[])`.execute(
    testDb.db,
  );
  return rows.rows
    .map((row) => {
      const purpose = purposes.find((candidate) => candidate.id === row.purposeId);
      const { paths } = parseFields([...(purpose?.scopes ?? []), ...(purpose?.fields ?? [])]);
      return `${row.personId} ${row.purposeId} monitoringFeed ${paths.join(',')}`;
    })
    .sort();
}
