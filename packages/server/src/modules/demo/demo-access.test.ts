import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testSecretBox } from '../../../test/app';
import { accessTokenFor } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { totpCodeAt } from '../identity/totp';
import { createDemoAccess, type DemoAccess, type DemoUser, hasDemoAccess } from './demo-access';

let testDb: TestDatabase;
let server: TestApp;
let demo: DemoAccess;

beforeAll(async () => {
  testDb = await createTestDatabase();
  expect(await hasDemoAccess(testDb.db)).toBe(false);
  demo = await createDemoAccess({ db: testDb.db, now: () => new Date(), secretBox: testSecretBox });
  server = await startTestApp({ db: testDb.db });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function logIn(user: DemoUser) {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: user.username,
      password: user.password,
      totpCode: totpCodeAt(user.totpSecret, new Date()),
    }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { status: response.status, cookie };
}

describe('the demo access', () => {
  it('exists once created', async () => {
    expect(await hasDemoAccess(testDb.db)).toBe(true);
  });

  it('has PMLP staff of every role, each able to log in', async () => {
    expect(demo.pmlp.users.map((user) => user.role)).toEqual([
      'administrator',
      'reviewer',
      'accountant',
      'registrar',
    ]);
    for (const user of demo.pmlp.users) expect((await logIn(user)).status).toBe(200);
  });

  it('has a fee-exempt public institution and a private company with a prepaid balance, each with a monitoring purpose', async () => {
    expect(demo.organisations.map((organisation) => organisation.feeExempt)).toEqual([true, false]);
    const balances = await testDb.db
      .selectFrom('accountBalance')
      .select((eb) => ['organisationId', eb.fn.sum<string>('balanceCents').as('balanceCents')])
      .groupBy('organisationId')
      .execute();
    expect(balances).toEqual([
      { organisationId: demo.organisations[1]?.id, balanceCents: expect.anything() },
    ]);
    expect(Number(balances[0]?.balanceCents)).toBe(100_000);
    for (const organisation of demo.organisations) {
      expect(organisation.purposes.some((purpose) => purpose.monitoring)).toBe(true);
      const purposes = await testDb.db
        .selectFrom('purpose')
        .innerJoin('contract', 'contract.id', 'purpose.contractId')
        .select([
          'purpose.status',
          'contract.status as contractStatus',
          'purpose.environments',
          'purpose.channels',
        ])
        .where('purpose.organisationId', '=', organisation.id)
        .execute();
      expect(purposes).toEqual([
        {
          status: 'active',
          contractStatus: 'active',
          environments: ['test', 'production'],
          channels: ['api', 'pdp'],
        },
      ]);
    }
  });

  it('gives each organisation a contact person and a PDP user per environment who log in and see their purposes', async () => {
    for (const organisation of demo.organisations) {
      expect(organisation.users.map((user) => [user.role, user.environment])).toEqual([
        ['contactPerson', undefined],
        ['pdpUser', 'test'],
        ['pdpUser', 'production'],
      ]);
      const [contact] = organisation.users;
      if (!contact) throw new Error('no contact person');
      const { cookie } = await logIn(contact);
      const response = await fetch(`${server.baseUrl}/api/v1/org/purposes`, { headers: { cookie } });
      const body = (await response.json()) as { purposes: Array<{ id: string }> };
      expect(body.purposes.map((purpose) => purpose.id)).toEqual(
        organisation.purposes.map((purpose) => purpose.id),
      );
    }
  });

  it('records the whole lifecycle: the request is active after its history of steps', async () => {
    const history = await testDb.db
      .selectFrom('requestEvent')
      .innerJoin('serviceRequest', 'serviceRequest.id', 'requestEvent.requestId')
      .select(['requestEvent.toStatus'])
      .where('serviceRequest.organisationId', '=', demo.organisations[0]?.id ?? '')
      .orderBy('requestEvent.id')
      .execute();
    expect(history.map((row) => row.toStatus)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'contract_drafting',
      'contract_agreed',
      'active',
    ]);
  });

  it('gives each organisation a system client per environment whose key obtains a token for that environment', async () => {
    for (const organisation of demo.organisations) {
      for (const environment of ['test', 'production'] as const) {
        const client = organisation.clients[environment];
        if (!client) throw new Error(`no ${environment} client`);
        const privateKey = await importJWK(client.privateKeyJwk, 'ES256');
        // Narrowed: an ES256 JWK imports as a key object, never as raw bytes.
        if (privateKey instanceof Uint8Array) throw new Error('expected an asymmetric key');
        const accessToken = await accessTokenFor(server.baseUrl, {
          clientId: client.clientId,
          algorithm: 'ES256',
          privateKey,
          publicJwk: {},
        });
        const me = await fetch(`${server.baseUrl}/api/v1/me`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        const body = (await me.json()) as {
          environment: string;
          organisation: { id: string };
          purposes: Array<{ id: string }>;
        };
        expect([body.environment, body.organisation.id]).toEqual([environment, organisation.id]);
        expect(body.purposes.map((purpose) => purpose.id)).toEqual(
          organisation.purposes.map((purpose) => purpose.id),
        );
      }
    }
  });
});
