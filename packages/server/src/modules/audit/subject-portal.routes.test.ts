import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { auditRecord, createPerson, createPurpose } from '../../../test/audit-fixtures';
import {
  accessTokenFor,
  bearer,
  createConnection,
  createKeyClient,
  type KeyClient,
} from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents } from './audit.repository';

let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function portalClient(environment: 'test' | 'production' = 'production'): Promise<KeyClient> {
  const portal = await createOrganisation(testDb.db, {
    name: 'Valsts digitālās attīstības aģentūra',
    legalForm: 'publicLaw',
  });
  return createKeyClient(
    testDb.db,
    await createConnection(testDb.db, { organisationId: portal.id, environment }),
  );
}

async function grant(client: KeyClient, enabled: boolean) {
  const admin = await userWithSession(testDb.db, { role: 'administrator' });
  return fetch(`${server.baseUrl}/api/v1/admin/clients/${client.clientId}/subject-report-access`, {
    method: 'PUT',
    headers: admin.session.headers(),
    body: JSON.stringify({ enabled, reason: 'Latvija.lv citizen portal integration' }),
  });
}

async function askReport(client: KeyClient, personalCode: string) {
  return fetch(`${server.baseUrl}/api/v1/subject/report`, {
    method: 'POST',
    headers: { ...bearer(await accessTokenFor(server.baseUrl, client)), 'content-type': 'application/json' },
    body: JSON.stringify({ personalCode }),
  });
}

describe('the citizen-portal report', () => {
  it('answers a granted client with who received the person’s data, and refuses once withdrawn', async () => {
    const bank = await createOrganisation(testDb.db, { name: 'AS Banka' });
    const purpose = await createPurpose(testDb.db, { organisationId: bank.id });
    const person = await createPerson(testDb.db);
    await insertAuditEvents(testDb.db, [auditRecord(purpose, person)]);
    const client = await portalClient();
    expect((await readProblem(await askReport(client, person.personalCode))).code).toBe('forbidden');
    expect((await grant(client, true)).status).toBe(200);
    const granted = await askReport(client, person.personalCode);
    expect(granted.status).toBe(200);
    const report = (await granted.json()) as {
      environment: string;
      deliveries: Array<{ organisation: { name: string } }>;
    };
    expect(report.environment).toBe('production');
    expect(report.deliveries.map((delivery) => delivery.organisation.name)).toEqual(['AS Banka']);
    const recorded = await testDb.db
      .selectFrom('systemClient')
      .select(['subjectReportsReason', 'subjectReportsChangedBy'])
      .where('clientId', '=', client.clientId)
      .executeTakeFirstOrThrow();
    expect(recorded.subjectReportsReason).toBe('Latvija.lv citizen portal integration');
    expect(recorded.subjectReportsChangedBy).not.toBeNull();
    await grant(client, false);
    expect((await askReport(client, person.personalCode)).status).toBe(403);
  });

  it('reports from the client’s own environment only', async () => {
    const bank = await createOrganisation(testDb.db);
    const purpose = await createPurpose(testDb.db, { organisationId: bank.id });
    const person = await createPerson(testDb.db, { environment: 'production' });
    await insertAuditEvents(testDb.db, [auditRecord(purpose, person)]);
    const testClient = await portalClient('test');
    await grant(testClient, true);
    const report = (await (await askReport(testClient, person.personalCode)).json()) as {
      environment: string;
      deliveries: unknown[];
    };
    expect([report.environment, report.deliveries]).toEqual(['test', []]);
  });

  it('refuses a person’s session and an unknown client id', async () => {
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    const response = await fetch(`${server.baseUrl}/api/v1/subject/report`, {
      method: 'POST',
      headers: contact.session.headers(),
      body: JSON.stringify({ personalCode: '010190-10415' }),
    });
    expect(response.status).toBe(401);
    const unknown = await grant({ clientId: 'no-such-client' } as KeyClient, true);
    expect((await readProblem(unknown)).code).toBe('notFound');
  });
});
