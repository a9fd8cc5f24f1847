import type { OrganisationHistory } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

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

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('GET /api/v1/admin/organisations/:organisationId/history', () => {
  it('lists each fee-exemption decision with who took it, when and why, oldest first', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db, { name: 'Valsts ieņēmumu dienests' });
    const path = `/api/v1/admin/organisations/${organisation.id}`;
    const granted = await call('PUT', `${path}/fee-exemption`, admin.session.headers(), {
      feeExempt: true,
      reason: 'Valsts pārvaldes iestāde',
    });
    expect(granted.status).toBe(200);
    const ended = await call('PUT', `${path}/fee-exemption`, admin.session.headers(), {
      feeExempt: false,
      reason: 'Funkcijas nodotas citai iestādei',
    });
    expect(ended.status).toBe(200);

    const reviewer = await userWithSession(testDb.db, { role: 'reviewer' });
    const response = await call('GET', `${path}/history`, reviewer.session.headers());
    expect(response.status).toBe(200);
    const history = (await response.json()) as OrganisationHistory;
    expect(history.events).toEqual([
      {
        action: 'feeExemptionGranted',
        actorName: 'Test administrator',
        reason: 'Valsts pārvaldes iestāde',
        at: expect.any(String),
      },
      {
        action: 'feeExemptionEnded',
        actorName: 'Test administrator',
        reason: 'Funkcijas nodotas citai iestādei',
        at: expect.any(String),
      },
    ]);
    const rows = await testDb.db
      .selectFrom('organisationEvent')
      .select(['at'])
      .where('organisationId', '=', organisation.id)
      .orderBy('id')
      .execute();
    expect(history.events.map((event) => event.at)).toEqual(rows.map((row) => row.at.toISOString()));
  });

  it('answers 404 for an unknown organisation and refuses the organisation’s own people', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const unknown = await call(
      'GET',
      '/api/v1/admin/organisations/00000000-0000-4000-8000-000000000000/history',
      admin.session.headers(),
    );
    expect((await readProblem(unknown)).code).toBe('notFound');
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    const refused = await call(
      'GET',
      `/api/v1/admin/organisations/${organisation.id}/history`,
      contact.session.headers(),
    );
    expect((await readProblem(refused)).code).toBe('forbidden');
  });
});
