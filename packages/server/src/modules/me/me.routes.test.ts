import type { Me } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import {
  accessTokenFor,
  bearer,
  createConnection,
  createKeyClient,
  createPurposes,
} from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { topUp } from '../../../test/persons-fixtures';

let testDb: TestDatabase;
let server: TestApp;
// Noon in Riga on 15 June 2026: "today" for purpose validity.
const clock = new Date('2026-06-15T09:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function me(headers: Record<string, string>): Promise<Me> {
  const response = await fetch(`${server.baseUrl}/api/v1/me`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Me;
}

/** Purposes created in one statement share their validity and creation time: compare as sets. */
function purposeIds(answer: Me): string[] {
  return answer.purposes.map((purpose) => purpose.id).sort();
}

/** An organisation whose purposes differ in channel, environment, validity and status. */
async function organisationWithPurposes(options: { feeExemptionReason?: string } = {}) {
  const organisation = await createOrganisation(testDb.db, {
    name: 'Banka AS',
    ...(options.feeExemptionReason ? { feeExemptionReason: options.feeExemptionReason } : {}),
  });
  const [apiBoth, pdpProduction, apiTestOnly, expired, notYet, withdrawn, lastDay] = await createPurposes(
    testDb.db,
    organisation.id,
    [
      { purpose: 'api in both', channels: ['api'], environments: ['test', 'production'], isMonitoring: true },
      { purpose: 'pdp in production', channels: ['pdp'], environments: ['production'] },
      { purpose: 'api in test only', channels: ['api', 'pdp'], environments: ['test'] },
      {
        purpose: 'expired',
        channels: ['api', 'pdp'],
        environments: ['test', 'production'],
        validTo: '2026-06-14',
      },
      {
        purpose: 'not yet',
        channels: ['api', 'pdp'],
        environments: ['test', 'production'],
        validFrom: '2026-06-16',
      },
      {
        purpose: 'withdrawn',
        channels: ['api', 'pdp'],
        environments: ['test', 'production'],
        status: 'withdrawn',
      },
      { purpose: 'last day', channels: ['api'], environments: ['production'], validTo: '2026-06-15' },
    ],
  );
  return { organisation, ids: { apiBoth, pdpProduction, apiTestOnly, expired, notYet, withdrawn, lastDay } };
}

describe('GET /api/v1/me', () => {
  it('tells a production client its organisation, purposes and fee', async () => {
    const { organisation, ids } = await organisationWithPurposes();
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
    });
    const client = await createKeyClient(testDb.db, connection);
    await topUp(testDb.db, organisation.id, 12_345);
    const answer = await me(bearer(await accessTokenFor(server.baseUrl, client, clock)));
    expect(answer).toMatchObject({
      organisation: {
        id: organisation.id,
        name: 'Banka AS',
        registrationNumber: organisation.registrationNumber,
        feeExempt: false,
      },
      environment: 'production',
      caller: { kind: 'client', clientId: client.clientId },
      feePerPersonCents: 200,
      balanceCents: 12_345,
      currency: 'EUR',
    });
    expect(purposeIds(answer)).toEqual([ids.apiBoth, ids.lastDay].sort());
    expect(answer.purposes.find((purpose) => purpose.id === ids.apiBoth)).toEqual({
      id: ids.apiBoth,
      legalBasis: 'Law on X, § 5',
      purpose: 'api in both',
      scopes: ['identity'],
      fields: ['residence.declaredAddress'],
      channels: ['api'],
      monitoring: true,
      validFrom: '2020-01-01',
      validTo: null,
      requiresCaseReference: false,
      requiresEndUser: false,
    });
  });

  it('shows a test client the test purposes and no fee', async () => {
    const { organisation, ids } = await organisationWithPurposes();
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const answer = await me(
      bearer(await accessTokenFor(server.baseUrl, await createKeyClient(testDb.db, connection), clock)),
    );
    expect(answer.environment).toBe('test');
    expect(answer.feePerPersonCents).toBe(0);
    expect(purposeIds(answer)).toEqual([ids.apiBoth, ids.apiTestOnly].sort());
  });

  it('charges a fee-exempt organisation nothing, even in production', async () => {
    const { organisation } = await organisationWithPurposes({ feeExemptionReason: 'State institution' });
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
    });
    const answer = await me(
      bearer(await accessTokenFor(server.baseUrl, await createKeyClient(testDb.db, connection), clock)),
    );
    expect(answer.organisation.feeExempt).toBe(true);
    expect(answer.feePerPersonCents).toBe(0);
  });

  it('shows a PDP user the pdp purposes of their environment', async () => {
    const { organisation, ids } = await organisationWithPurposes();
    await createConnection(testDb.db, { organisationId: organisation.id, environment: 'production' });
    const user = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: organisation.id,
      environment: 'production',
      now: clock,
    });
    const answer = await me(user.session.headers());
    expect(answer.caller).toEqual({ kind: 'user', username: user.username, role: 'pdpUser' });
    expect(answer.environment).toBe('production');
    expect(purposeIds(answer)).toEqual([ids.pdpProduction]);
  });

  it('shows a contact person every usable purpose, in both environments', async () => {
    const { organisation, ids } = await organisationWithPurposes();
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
      now: clock,
    });
    const answer = await me(contact.session.headers());
    expect(answer.environment).toBeNull();
    expect(answer.feePerPersonCents).toBe(200);
    expect(purposeIds(answer)).toEqual([ids.apiBoth, ids.pdpProduction, ids.apiTestOnly, ids.lastDay].sort());
  });

  it('never shows another organisation’s purposes', async () => {
    const ours = await organisationWithPurposes();
    await organisationWithPurposes();
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: ours.organisation.id,
      now: clock,
    });
    const answer = await me(contact.session.headers());
    expect(answer.organisation.id).toBe(ours.organisation.id);
    expect(purposeIds(answer)).toEqual(
      [ours.ids.apiBoth, ours.ids.pdpProduction, ours.ids.apiTestOnly, ours.ids.lastDay].sort(),
    );
  });

  it('refuses PMLP staff and anonymous callers', async () => {
    for (const role of ['administrator', 'reviewer', 'accountant', 'registrar'] as const) {
      const staff = await userWithSession(testDb.db, { role, now: clock });
      const response = await fetch(`${server.baseUrl}/api/v1/me`, { headers: staff.session.headers() });
      expect((await readProblem(response)).code).toBe('forbidden');
    }
    expect((await readProblem(await fetch(`${server.baseUrl}/api/v1/me`))).code).toBe('authentication');
  });
});
