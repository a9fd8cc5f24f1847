import type { Quote } from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { monitorPersons } from '../../../test/billing-fixtures';
import { accessTokenFor, bearer, createConnection, createKeyClient } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { topUp } from '../../../test/persons-fixtures';

const now = new Date('2026-11-27T10:00:00Z');
let testDb: TestDatabase;
let server: TestApp;
let bank: string;
let ministry: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
  const { db } = testDb;
  // Narrow monitoring bands from 1 November, so a quote can cross a band with few persons.
  await sql`UPDATE tariff SET valid_to = '2026-10-31' WHERE kind = 'monitoringSubscription' AND valid_to IS NULL`.execute(
    db,
  );
  await sql`
    INSERT INTO tariff (kind, band_from, band_to, amount_cents, valid_from, note) VALUES
      ('monitoringSubscription', 1, 2, 1000, '2026-11-01', 'test bands'),
      ('monitoringSubscription', 3, 5, 2500, '2026-11-01', 'test bands'),
      ('monitoringSubscription', 6, NULL, 5000, '2026-11-01', 'test bands')`.execute(db);
  bank = (await createOrganisation(db, { name: 'AS Banka' })).id;
  ministry = (
    await createOrganisation(db, { name: 'Ministrija', legalForm: 'publicLaw', feeExemptionReason: 'State' })
  ).id;
  await topUp(db, bank, 1000);
  await monitorPersons(db, {
    organisationId: bank,
    count: 2,
    subscribedAt: new Date('2026-11-02T10:00:00Z'),
  });
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-11-02T10:00:00Z'),
    environment: 'test',
  });
  // Ended in October: not counted in November.
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-09-02T10:00:00Z'),
    endedAt: new Date('2026-10-20T10:00:00Z'),
  });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function asContact(organisationId: string, body: unknown) {
  const user = await userWithSession(testDb.db, { role: 'contactPerson', organisationId, now });
  return fetch(`${server.baseUrl}/api/v1/billing/quote`, {
    method: 'POST',
    headers: user.session.headers(),
    body: JSON.stringify(body),
  });
}

async function quoted(response: Response): Promise<Quote> {
  expect(response.status).toBe(200);
  return (await response.json()) as Quote;
}

const ledgerCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_entry`.execute(testDb.db)).rows[0]?.n;

describe('price quote', () => {
  it('prices queries and the monitoring band step this month, and says whether the balance covers the fee', async () => {
    const entries = await ledgerCount();
    const quote = await quoted(
      await asContact(bank, { queries: { persons: 3 }, monitoring: { persons: 2 } }),
    );
    expect(quote).toEqual({
      month: '2026-11',
      environment: 'production',
      isFeeExempt: false,
      stateFee: { persons: 3, perPersonCents: 200, amountCents: 600 },
      monitoring: {
        alreadyCountedPersons: 2,
        additionalPersons: 2,
        currentBandCents: 1000,
        newBandCents: 2500,
        netCents: 1500,
        vatCents: 315,
        totalCents: 1815,
      },
      totalCents: 2415,
      balanceCents: 1000,
      isBalanceSufficient: true,
      currency: 'EUR',
    });
    const tooMany = await quoted(await asContact(bank, { queries: { persons: 6 } }));
    expect(tooMany).toMatchObject({
      stateFee: { amountCents: 1200 },
      isBalanceSufficient: false,
      monitoring: { netCents: 0 },
    });
    // Within the band already reached, more persons cost nothing more this month.
    const sameBand = await quoted(await asContact(bank, { monitoring: { persons: 0 } }));
    expect(sameBand.monitoring).toMatchObject({ currentBandCents: 1000, newBandCents: 1000, totalCents: 0 });
    expect(await ledgerCount()).toBe(entries);
  });

  it('charges nothing in the test environment or to an exempt organisation', async () => {
    const test = await quoted(
      await asContact(bank, { environment: 'test', queries: { persons: 5 }, monitoring: { persons: 10 } }),
    );
    expect(test).toMatchObject({
      environment: 'test',
      stateFee: { amountCents: 0 },
      monitoring: { alreadyCountedPersons: 1, totalCents: 0 },
      totalCents: 0,
    });
    const exempt = await quoted(
      await asContact(ministry, { queries: { persons: 5 }, monitoring: { persons: 10 } }),
    );
    expect(exempt).toMatchObject({ isFeeExempt: true, totalCents: 0, isBalanceSufficient: true });
  });

  it('answers a system client for its own environment only', async () => {
    const connection = await createConnection(testDb.db, { organisationId: bank, environment: 'test' });
    const token = await accessTokenFor(server.baseUrl, await createKeyClient(testDb.db, connection), now);
    const post = (body: unknown) =>
      fetch(`${server.baseUrl}/api/v1/billing/quote`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await quoted(await post({ queries: { persons: 2 } }))).toMatchObject({
      environment: 'test',
      totalCents: 0,
    });
    expect((await readProblem(await post({ environment: 'production' }))).code).toBe('environmentMismatch');
  });

  it('lists every invalid parameter', async () => {
    const problem = await readProblem(
      await asContact(bank, { queries: { persons: -1 }, monitoring: { persons: 1.5 }, extra: true }),
    );
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams).toHaveLength(3);
  });
});
