import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../../test/access-fixtures';
import {
  connectionOf,
  exemptionChangedAt,
  monitorPersons,
  pdpUserAt,
  systemClientAt,
} from '../../../test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { isProblemError } from '../../http/problem';
import { addTariffBands } from '../billing/tariffs.service';
import type { UserCaller } from '../identity/caller';
import { runMonthlyInvoicing } from './invoice-run.service';
import { recordPayment } from './invoices.service';

const now = new Date('2026-11-27T10:00:00Z');
let testDb: TestDatabase;
let payer: string;
let stateBody: string;
let agency: string;
let actor: UserCaller;

const ctx = () => ({ db: testDb.db, now: () => now });
const january = new Date('2026-01-10T10:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  const admin = await createUser(db, { role: 'administrator' });
  actor = {
    kind: 'user',
    userId: admin.id,
    username: admin.username,
    role: 'administrator',
    organisationId: null,
    environment: null,
  };
  // The production subscription is dearer from 1 July 2026, decided in May.
  await addTariffBands({ db, now: () => new Date('2026-05-01T10:00:00Z') }, actor, {
    kind: 'environmentSubscription',
    environment: 'production',
    bands: [
      { fromCount: 1, toCount: 5, amountCents: 7000 },
      { fromCount: 6, toCount: null, amountCents: 16000 },
    ],
    validFrom: '2026-07-01',
    note: 'MK order of 2026',
  });

  payer = (await createOrganisation(db, { name: 'SIA Maksātājs' })).id;
  await connectionOf(db, payer, 'production', january);
  for (let i = 0; i < 3; i += 1)
    await systemClientAt(db, { organisationId: payer, environment: 'production', createdAt: january });
  await pdpUserAt(db, { organisationId: payer, environment: 'test', createdAt: january });
  await monitorPersons(db, {
    organisationId: payer,
    count: 4,
    subscribedAt: new Date('2026-05-05T10:00:00Z'),
  });

  stateBody = (
    await createOrganisation(db, {
      name: 'Valsts iestāde',
      legalForm: 'publicLaw',
      feeExemptionReason: 'State institution',
    })
  ).id;
  for (let i = 0; i < 3; i += 1)
    await systemClientAt(db, { organisationId: stateBody, environment: 'production', createdAt: january });
  await monitorPersons(db, { organisationId: stateBody, count: 2, subscribedAt: january });

  agency = (await createOrganisation(db, { name: 'Aģentūra' })).id;
  await exemptionChangedAt(db, agency, 'feeExemptionGranted', new Date('2025-01-01T10:00:00Z'));
  await exemptionChangedAt(db, agency, 'feeExemptionEnded', new Date('2026-06-15T10:00:00Z'));
  for (let i = 0; i < 2; i += 1)
    await systemClientAt(db, { organisationId: agency, environment: 'production', createdAt: january });
});
afterAll(async () => testDb.drop());

async function invoicesOf(organisationId: string) {
  return testDb.db
    .selectFrom('invoice')
    .select(['number', 'periodMonth', 'netCents', 'vatCents', 'totalCents', 'issuedOn', 'dueOn', 'id'])
    .where('organisationId', '=', organisationId)
    .orderBy('periodMonth')
    .execute();
}

async function linesOf(invoiceId: string) {
  const rows = await testDb.db
    .selectFrom('invoiceLine')
    .select(['kind', 'environment', 'counted', 'quantity', 'unitPriceCents', 'netCents', 'vatCents'])
    .where('invoiceId', '=', invoiceId)
    .orderBy('position')
    .execute();
  return rows.map((r) => [
    r.kind,
    r.environment,
    r.counted,
    r.quantity,
    Number(r.unitPriceCents),
    Number(r.netCents),
    Number(r.vatCents),
  ]);
}

async function allNumbers(): Promise<string[]> {
  const rows = await testDb.db.selectFrom('invoice').select('number').orderBy('number').execute();
  return rows.map((row) => row.number);
}

describe('monthly invoicing', () => {
  it('invoices January: subscriptions by band, the set-up and new users, VAT per line', async () => {
    const result = await runMonthlyInvoicing(ctx(), '2026-01', null);
    expect(result).toMatchObject({ month: '2026-01', alreadyInvoiced: 0 });
    expect(result.issued.map((i) => i.organisationId)).toEqual([payer]);
    const [invoice] = await invoicesOf(payer);
    expect(invoice).toMatchObject({
      number: 'FPR-2026-000001',
      periodMonth: '2026-01-01',
      netCents: '42024',
      vatCents: '8825',
      totalCents: '50849',
      issuedOn: '2026-11-27',
      dueOn: '2026-12-27',
    });
    expect(await linesOf(invoice?.id ?? '')).toEqual([
      ['environmentSubscription', 'test', 1, 1, 2000, 2000, 420],
      ['environmentSubscription', 'production', 3, 1, 6000, 6000, 1260],
      ['connectionSetUp', 'production', null, 1, 24512, 24512, 5148],
      ['newUser', 'production', null, 3, 2378, 7134, 1498],
      ['newUser', 'test', null, 1, 2378, 2378, 499],
    ]);
  });

  it('prices June and July across the mid-year tariff change; exempt organisations pay nothing', async () => {
    const june = await runMonthlyInvoicing(ctx(), '2026-06', null);
    // The agency's exemption ended on 15 June: June is still covered, July is not.
    expect(june.issued.map((i) => i.organisationId)).toEqual([payer]);
    expect(june.withoutCharges).toBe(2);
    const july = await runMonthlyInvoicing(ctx(), '2026-07', null);
    expect(new Set(july.issued.map((i) => i.organisationId))).toEqual(new Set([payer, agency]));
    const [, juneInvoice, julyInvoice] = await invoicesOf(payer);
    expect(juneInvoice).toMatchObject({ netCents: '11000', vatCents: '2310', totalCents: '13310' });
    expect(await linesOf(juneInvoice?.id ?? '')).toEqual([
      ['environmentSubscription', 'test', 1, 1, 2000, 2000, 420],
      ['environmentSubscription', 'production', 3, 1, 6000, 6000, 1260],
      ['monitoringSubscription', 'production', 4, 1, 3000, 3000, 630],
    ]);
    expect(julyInvoice).toMatchObject({ netCents: '12000', vatCents: '2520', totalCents: '14520' });
    const [agencyJuly] = await invoicesOf(agency);
    expect(agencyJuly).toMatchObject({ periodMonth: '2026-07-01', netCents: '7000', vatCents: '1470' });
    expect(await invoicesOf(stateBody)).toEqual([]);
  });

  it('makes one invoice per organisation however often the month is run', async () => {
    const before = await allNumbers();
    const again = await runMonthlyInvoicing(ctx(), '2026-06', null);
    expect(again).toEqual({ month: '2026-06', issued: [], alreadyInvoiced: 1, withoutCharges: 2 });
    expect(await allNumbers()).toEqual(before);
  });

  it('numbers without gaps when runs of several months race each other', async () => {
    const results = await Promise.all(
      ['2026-08', '2026-08', '2026-09', '2026-09', '2026-10', '2026-10'].map((month) =>
        runMonthlyInvoicing(ctx(), month, null),
      ),
    );
    // Two organisations to invoice in each of the three months: six invoices, each once.
    expect(results.reduce((sum, r) => sum + r.issued.length, 0)).toBe(6);
    const perMonth = await sql<{ month: string; count: number }>`
      SELECT to_char(period_month, 'YYYY-MM') AS month, count(*)::int AS count FROM invoice
      WHERE period_month >= '2026-08-01' GROUP BY 1 ORDER BY 1`.execute(testDb.db);
    expect(perMonth.rows).toEqual([
      { month: '2026-08', count: 2 },
      { month: '2026-09', count: 2 },
      { month: '2026-10', count: 2 },
    ]);
    const numbers = await allNumbers();
    expect(numbers).toEqual(numbers.map((_, i) => `FPR-2026-${String(i + 1).padStart(6, '0')}`));
    const counter = await testDb.db.selectFrom('invoiceNumberCounter').selectAll().execute();
    expect(counter).toEqual([{ year: 2026, lastNumber: numbers.length }]);
  });

  it.each([
    ['the current month', '2026-11', 'notEnded'],
    ['a future month', '2027-01', 'notEnded'],
    ['a malformed month', '2026-13', 'pattern'],
  ])('refuses %s and changes nothing', async (_name, month, code) => {
    const before = await allNumbers();
    const error = await runMonthlyInvoicing(ctx(), month, null).catch((e: unknown) => e);
    expect(isProblemError(error) && error.code).toBe('paramsValidation');
    expect(isProblemError(error) && error.details.invalidParams?.map((p) => [p.name, p.code])).toEqual([
      ['month', code],
    ]);
    expect(await allNumbers()).toEqual(before);
  });

  it('keeps issued invoices and their lines unchangeable', async () => {
    await expect(
      sql`UPDATE invoice SET total_cents = 1, net_cents = 1, vat_cents = 0`.execute(testDb.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM invoice_line`.execute(testDb.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE invoice CASCADE`.execute(testDb.db)).rejects.toThrow(/append-only/);
  });

  it('lets only one of two simultaneous payments settle the same amount', async () => {
    const [invoice] = await invoicesOf(agency);
    const total = Number(invoice?.totalCents);
    const pay = () =>
      recordPayment(ctx(), actor, invoice?.id ?? '', {
        amountCents: total,
        paidOn: '2026-11-27',
        paymentReference: 'RF',
      }).then(
        () => 'paid',
        (error: unknown) => (isProblemError(error) ? error.code : 'failed'),
      );
    expect((await Promise.all([pay(), pay()])).sort()).toEqual(['paid', 'paramsValidation']);
    const payments = await testDb.db
      .selectFrom('invoicePayment')
      .select('amountCents')
      .where('invoiceId', '=', invoice?.id ?? '')
      .execute();
    expect(payments).toEqual([{ amountCents: String(total) }]);
  });
});
