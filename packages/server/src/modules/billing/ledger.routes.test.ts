import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { chargeStateFee } from './state-fee';

const now = new Date('2026-03-10T10:00:00Z');
let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({
    db: testDb.db,
    now: () => now,
    // A paid delivery in miniature, to see the 402 answer as a client does.
    routes: (app, ctx) =>
      app.post('/test/charge/:organisationId', async (request) => {
        const { organisationId } = request.params as { organisationId: string };
        return ctx.db.transaction().execute(async (trx) => ({
          charge: await chargeStateFee(trx, {
            organisationId,
            environment: 'production',
            persons: 3,
            requestId: request.id,
            at: ctx.now(),
          }),
        }));
      }),
  });
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

const staff = (role: 'administrator' | 'accountant' | 'reviewer' | 'registrar') =>
  userWithSession(testDb.db, { role, now });
const topUpBody = { amountCents: 5_000, paymentReference: 'RF18 5390 0754 7034', receivedOn: '2026-03-09' };
const topUpPath = (organisationId: string) => `/api/v1/admin/organisations/${organisationId}/top-ups`;

async function ledgerRows(organisationId: string) {
  return testDb.db
    .selectFrom('ledgerEntry')
    .select([
      'kind',
      'amountCents',
      'balanceAfterCents',
      'paymentReference',
      'receivedOn',
      'reason',
      'idempotencyKey',
      'createdBy',
      'at',
    ])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

describe('the ledger and the balance', () => {
  it('pages the ledger newest first and shows an organisation only its own', async () => {
    const accountant = await staff('accountant');
    const [first, second] = [await createOrganisation(testDb.db), await createOrganisation(testDb.db)];
    for (const amountCents of [100, 200, 300]) {
      await call('POST', topUpPath(first.id), accountant.session.headers(), { ...topUpBody, amountCents });
    }
    await call('POST', topUpPath(second.id), accountant.session.headers(), {
      ...topUpBody,
      amountCents: 999,
    });
    const page1 = await call(
      'GET',
      `/api/v1/admin/organisations/${first.id}/ledger?limit=2`,
      accountant.session.headers(),
    );
    const body1 = (await page1.json()) as {
      balanceCents: number;
      entries: { amountCents: number }[];
      nextCursor: string;
    };
    expect(body1.balanceCents).toBe(600);
    expect(body1.entries.map((entry) => entry.amountCents)).toEqual([300, 200]);
    const page2 = await call(
      'GET',
      `/api/v1/admin/organisations/${first.id}/ledger?limit=2&cursor=${body1.nextCursor}`,
      accountant.session.headers(),
    );
    expect(await page2.json()).toMatchObject({ entries: [{ amountCents: 100 }], nextCursor: null });

    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: second.id,
      now,
    });
    const balance = await call('GET', '/api/v1/org/balance', contact.session.headers());
    expect(await balance.json()).toEqual({ balanceCents: 999, currency: 'EUR' });
    const own = await call('GET', '/api/v1/org/ledger', contact.session.headers());
    expect(await own.json()).toMatchObject({
      balanceCents: 999,
      entries: [{ amountCents: 999 }],
      nextCursor: null,
    });
    // A cursor from another organisation's ledger reveals nothing of it.
    const foreignCursor = await call(
      'GET',
      `/api/v1/org/ledger?cursor=${body1.nextCursor}`,
      contact.session.headers(),
    );
    expect(await foreignCursor.json()).toMatchObject({ entries: [], balanceCents: 999 });

    const newcomer = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: (await createOrganisation(testDb.db)).id,
      now,
    });
    const empty = await call('GET', '/api/v1/org/balance', newcomer.session.headers());
    expect(await empty.json()).toEqual({ balanceCents: 0, currency: 'EUR' });
  });

  it('answers 402 with the required and available cents, delivering and charging nothing', async () => {
    const accountant = await staff('accountant');
    const organisation = await createOrganisation(testDb.db);
    await call('POST', topUpPath(organisation.id), accountant.session.headers(), {
      ...topUpBody,
      amountCents: 500,
    });
    const refused = await call(
      'POST',
      `/test/charge/${organisation.id}`,
      { 'content-type': 'application/json' },
      {},
    );
    expect(refused.status).toBe(402);
    const problem = await readProblem(refused);
    expect(problem).toMatchObject({
      code: 'insufficientBalance',
      type: 'https://fpr.pmlp.gov.lv/problems/insufficientBalance',
      requiredCents: 600,
      balanceCents: 500,
    });
    expect((await ledgerRows(organisation.id)).map((row) => row.kind)).toEqual(['topUp']);
    await call('POST', topUpPath(organisation.id), accountant.session.headers(), {
      ...topUpBody,
      amountCents: 100,
    });
    const paid = await call(
      'POST',
      `/test/charge/${organisation.id}`,
      { 'content-type': 'application/json' },
      {},
    );
    expect(await paid.json()).toEqual({ charge: { persons: 3, amountCents: 600, balanceCents: 0 } });
  });
});
