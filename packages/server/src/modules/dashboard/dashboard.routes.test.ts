import type { Dashboard } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, sessionFor, type TestUser } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { auditRecord, createPerson, createPurpose } from '../../../test/audit-fixtures';
import { createServiceRequest } from '../../../test/contract-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { topUp } from '../../../test/persons-fixtures';
import { insertAuditEvents } from '../audit/audit.repository';
import { appendDebit } from '../billing/ledger.repository';

let testDb: TestDatabase;
let server: TestApp;
// 27 November 2026, 01:30 in Rīga: still 26 November in UTC, so the day boundary is Rīga's.
const clock = new Date('2026-11-26T23:30:00Z');
let bank: { id: string; name: string };
let city: { id: string; name: string };

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
  bank = await createOrganisation(testDb.db, { name: 'AS Banka' });
  city = await createOrganisation(testDb.db, { name: 'Rīgas dome' });
  await seedDeliveries();
  await seedCharges();
  for (const status of ['submitted', 'in_review', 'in_review', 'active', 'draft'])
    await createServiceRequest(testDb.db, { organisationId: bank.id, status });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function seedDeliveries() {
  const { db } = testDb;
  const bankPurpose = await createPurpose(db, { organisationId: bank.id });
  const cityPurpose = await createPurpose(db, { organisationId: city.id });
  const person = await createPerson(db);
  const other = await createPerson(db);
  const testPerson = await createPerson(db, { environment: 'test' });
  const at = (instant: string) => ({ occurredAt: new Date(instant) });
  await insertAuditEvents(db, [
    // One query delivering two persons, early on 27 November in Rīga (late on the 26th in UTC).
    auditRecord(bankPurpose, person, { requestId: 'q-1', ...at('2026-11-26T22:10:00Z') }),
    auditRecord(bankPurpose, other, { requestId: 'q-1', ...at('2026-11-26T22:10:00Z') }),
    auditRecord(bankPurpose, person, { requestId: 'q-2', ...at('2026-11-25T09:00:00Z') }),
    auditRecord(cityPurpose, person, { requestId: 'q-3', ...at('2026-11-25T12:00:00Z') }),
    // Test-environment deliveries are no use of the register.
    auditRecord(bankPurpose, testPerson, { requestId: 'q-4', ...at('2026-11-25T12:00:00Z') }),
    // Before the 30 days.
    auditRecord(bankPurpose, person, { requestId: 'q-5', ...at('2026-10-28T12:00:00Z') }),
  ]);
}

async function seedCharges() {
  await topUp(testDb.db, bank.id, 10_000);
  const charge = (amountCents: number, at: string) =>
    appendDebit(testDb.db, {
      organisationId: bank.id,
      kind: 'charge',
      amountCents,
      reason: null,
      requestId: `charge-${at}`,
      persons: amountCents / 200,
      idempotencyKey: null,
      createdBy: null,
      at: new Date(at),
    });
  await charge(400, '2026-11-26T22:10:00Z');
  await charge(200, '2026-11-25T09:00:00Z');
  // 1 October 00:30 in Rīga: October's, although 30 September in UTC.
  await charge(600, '2026-09-30T21:30:00Z');
  const accountant = await createUser(testDb.db, { role: 'accountant' });
  await appendDebit(testDb.db, {
    organisationId: bank.id,
    kind: 'refund',
    amountCents: 1_000,
    reason: 'Overpaid',
    requestId: null,
    persons: null,
    idempotencyKey: null,
    createdBy: accountant.id,
    at: new Date('2026-11-20T10:00:00Z'),
  });
}

async function get(user: TestUser, query = '') {
  const session = await sessionFor(testDb.db, user, clock);
  return fetch(`${server.baseUrl}/api/v1/admin/dashboard${query}`, { headers: session.headers() });
}

describe('GET /api/v1/admin/dashboard', () => {
  it('counts production queries per Rīga day and organisation, fees per month and requests by status', async () => {
    const reviewer = await createUser(testDb.db, { role: 'reviewer' });
    const response = await get(reviewer, '?months=3');
    expect(response.status).toBe(200);
    const dashboard = (await response.json()) as Dashboard;
    expect(dashboard.from).toBe('2026-10-29');
    expect(dashboard.to).toBe('2026-11-27');
    expect(dashboard.queriesPerDay).toEqual([
      { day: '2026-11-25', organisationId: bank.id, organisationName: 'AS Banka', queries: 1, persons: 1 },
      { day: '2026-11-25', organisationId: city.id, organisationName: 'Rīgas dome', queries: 1, persons: 1 },
      { day: '2026-11-27', organisationId: bank.id, organisationName: 'AS Banka', queries: 1, persons: 2 },
    ]);
    expect(dashboard.feesPerMonth).toEqual([
      { month: '2026-09', feeCents: 0 },
      { month: '2026-10', feeCents: 600 },
      { month: '2026-11', feeCents: 600 },
    ]);
    expect(dashboard.requestsByStatus).toEqual(
      expect.arrayContaining([
        { status: 'active', count: expect.any(Number) },
        { status: 'in_review', count: 2 },
        { status: 'submitted', count: 1 },
      ]),
    );
    expect(dashboard.requestsByStatus.map((row) => row.status)).not.toContain('draft');
  });

  it('reaches back as many days as asked', async () => {
    const accountant = await createUser(testDb.db, { role: 'accountant' });
    const dashboard = (await (await get(accountant, '?days=31')).json()) as Dashboard;
    expect(dashboard.from).toBe('2026-10-28');
    expect(dashboard.queriesPerDay[0]).toMatchObject({ day: '2026-10-28', queries: 1 });
    expect(dashboard.feesPerMonth).toHaveLength(12);
  });

  it('lists every invalid parameter', async () => {
    const admin = await createUser(testDb.db, { role: 'administrator' });
    const problem = await readProblem(await get(admin, '?days=0&months=37&extra=1'));
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual(['days', 'extra', 'months']);
  });

  it('is for PMLP staff only', async () => {
    const contact = await createUser(testDb.db, { role: 'contactPerson', organisationId: bank.id });
    const refused = await get(contact);
    expect(refused.status).toBe(403);
    expect((await readProblem(refused)).code).toBe('forbidden');
    const anonymous = await fetch(`${server.baseUrl}/api/v1/admin/dashboard`);
    expect(anonymous.status).toBe(401);
  });
});
