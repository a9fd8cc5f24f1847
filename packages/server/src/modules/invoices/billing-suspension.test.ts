import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../../test/access-fixtures';
import { connectionOf, systemClientAt } from '../../../test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertBillingSettings } from '../billing/billing-settings.repository';
import type { UserCaller } from '../identity/caller';
import { enforceOverdueSuspensions } from './billing-suspension.service';
import { runMonthlyInvoicing } from './invoice-run.service';
import { recordPayment } from './invoices.service';

let testDb: TestDatabase;
let accountant: UserCaller;
let debtor: { organisationId: string; production: string; test: string; invoiceId: string; number: string };
let payer: { production: string; invoiceId: string };

const at = (iso: string) => ({ db: testDb.db, now: () => new Date(iso) });

async function invoiceOf(organisationId: string) {
  return testDb.db
    .selectFrom('invoice')
    .select(['id', 'number', 'totalCents'])
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
}

async function statusOf(connectionId: string) {
  const row = await testDb.db
    .selectFrom('connection')
    .select('status')
    .where('id', '=', connectionId)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function eventsOf(connectionId: string) {
  return testDb.db
    .selectFrom('connectionEvent')
    .select(['action', 'actorUserId', 'reason'])
    .where('connectionId', '=', connectionId)
    .where('action', 'in', ['suspended', 'restored'])
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  const user = await createUser(db, { role: 'accountant' });
  accountant = {
    kind: 'user',
    userId: user.id,
    username: user.username,
    role: 'accountant',
    organisationId: null,
    environment: null,
  };
  const january = new Date('2026-01-10T10:00:00Z');
  const debtorId = (await createOrganisation(db)).id;
  const payerId = (await createOrganisation(db)).id;
  await systemClientAt(db, { organisationId: debtorId, environment: 'production', createdAt: january });
  await systemClientAt(db, { organisationId: payerId, environment: 'production', createdAt: january });
  // Suspended by an administrator for another reason: not this job's to touch.
  const debtorTest = await connectionOf(db, debtorId, 'test');
  await db.updateTable('connection').set({ status: 'suspended' }).where('id', '=', debtorTest).execute();
  await runMonthlyInvoicing(at('2026-11-27T10:00:00Z'), '2026-10', null);
  const debtorInvoice = await invoiceOf(debtorId);
  const payerInvoice = await invoiceOf(payerId);
  debtor = {
    organisationId: debtorId,
    production: await connectionOf(db, debtorId, 'production'),
    test: debtorTest,
    invoiceId: debtorInvoice.id,
    number: debtorInvoice.number,
  };
  payer = { production: await connectionOf(db, payerId, 'production'), invoiceId: payerInvoice.id };
  await recordPayment(at('2026-12-20T10:00:00Z'), accountant, payer.invoiceId, {
    amountCents: Number(payerInvoice.totalCents),
    paidOn: '2026-12-20',
    paymentReference: 'RF-PAYER',
  });
});
afterAll(async () => testDb.drop());

describe('automatic suspension for overdue invoices', () => {
  it('does nothing while the administrator has not turned it on', async () => {
    // Due 27 December; 34 days overdue on 30 January.
    expect(await enforceOverdueSuspensions(at('2027-01-30T10:00:00Z'))).toEqual({
      suspended: [],
      restored: [],
    });
    expect(await statusOf(debtor.production)).toBe('active');
  });

  it('suspends the active connections of a debtor once overdue by more than the configured days', async () => {
    await insertBillingSettings(testDb.db, {
      invoiceDueDays: 30,
      isAutomaticSuspensionEnabled: true,
      suspensionOverdueDays: 30,
      reason: 'Board decision',
      createdBy: accountant.userId,
      createdAt: new Date('2027-01-02T10:00:00Z'),
    });
    // 30 days overdue on 26 January: not more than 30 yet.
    expect(await enforceOverdueSuspensions(at('2027-01-26T10:00:00Z'))).toEqual({
      suspended: [],
      restored: [],
    });
    const outcome = await enforceOverdueSuspensions(at('2027-01-27T10:00:00Z'));
    expect(outcome).toEqual({ suspended: [debtor.production], restored: [] });
    expect(await statusOf(debtor.production)).toBe('suspended');
    expect(await statusOf(payer.production)).toBe('active');
    expect(await eventsOf(debtor.production)).toEqual([
      {
        action: 'suspended',
        actorUserId: null,
        reason: `Suspended automatically: invoice ${debtor.number} unpaid since 2026-12-27`,
      },
    ]);
    expect(await eventsOf(debtor.test)).toEqual([]);
    const suspensions = await testDb.db
      .selectFrom('billingSuspension')
      .select(['connectionId', 'invoiceId', 'restoredAt'])
      .execute();
    expect(suspensions).toEqual([
      { connectionId: debtor.production, invoiceId: debtor.invoiceId, restoredAt: null },
    ]);
    // The next day's run finds nothing more to do.
    expect(await enforceOverdueSuspensions(at('2027-01-28T10:00:00Z'))).toEqual({
      suspended: [],
      restored: [],
    });
  });

  it('restores only the connections it suspended once the debt is paid', async () => {
    const invoice = await invoiceOf(debtor.organisationId);
    await recordPayment(at('2027-02-01T09:00:00Z'), accountant, debtor.invoiceId, {
      amountCents: Number(invoice.totalCents),
      paidOn: '2027-02-01',
      paymentReference: 'RF-LATE',
    });
    const outcome = await enforceOverdueSuspensions(at('2027-02-01T10:00:00Z'));
    expect(outcome).toEqual({ suspended: [], restored: [debtor.production] });
    expect(await statusOf(debtor.production)).toBe('active');
    expect(await statusOf(debtor.test)).toBe('suspended');
    expect((await eventsOf(debtor.production)).at(-1)).toEqual({
      action: 'restored',
      actorUserId: null,
      reason: 'Restored automatically: the overdue invoices are paid',
    });
    const [suspension] = await testDb.db.selectFrom('billingSuspension').select('restoredAt').execute();
    expect(suspension?.restoredAt).toEqual(new Date('2027-02-01T10:00:00Z'));
  });
});
