import type { Invoice, InvoiceRunResult, Payment, Statement } from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { monitorPersons, systemClientAt } from '../../../test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { pdfText } from '../../../test/pdf-text';
import { appendCredit, appendDebit } from '../billing/ledger.repository';

let clock = new Date('2026-11-27T10:00:00Z');
let testDb: TestDatabase;
let server: TestApp;
let payer: string;
let other: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
  const { db } = testDb;
  payer = (await createOrganisation(db, { name: 'SIA Ābeļu Dārzs' })).id;
  other = (await createOrganisation(db, { name: 'AS Cits' })).id;
  const january = new Date('2026-01-10T10:00:00Z');
  for (let i = 0; i < 3; i += 1)
    await systemClientAt(db, { organisationId: payer, environment: 'production', createdAt: january });
  await systemClientAt(db, { organisationId: other, environment: 'production', createdAt: january });
  await monitorPersons(db, {
    organisationId: payer,
    count: 4,
    subscribedAt: new Date('2026-10-01T10:00:00Z'),
  });
  const accountant = await createUser(db, { role: 'accountant' });
  await appendCredit(db, {
    organisationId: payer,
    amountCents: 10_000,
    paymentReference: 'RF-OCT',
    receivedOn: '2026-10-02',
    idempotencyKey: null,
    createdBy: accountant.id,
    at: new Date('2026-10-02T08:00:00Z'),
  });
  for (const [at, persons] of [
    ['2026-10-05T08:00:00Z', 3],
    ['2026-11-01T08:00:00Z', 1],
  ] as const)
    await appendDebit(db, {
      organisationId: payer,
      kind: 'charge',
      amountCents: persons * 200,
      reason: null,
      requestId: `req-${at}`,
      persons,
      idempotencyKey: null,
      createdBy: null,
      at: new Date(at),
    });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

type Role = 'administrator' | 'accountant' | 'contactPerson';

async function call(
  role: Role,
  method: string,
  path: string,
  body?: unknown,
  organisationId?: string,
  headers: Record<string, string> = {},
) {
  const user = await userWithSession(testDb.db, { role, organisationId, now: clock });
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...user.session.headers(), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const counts = async () => {
  const result = await sql<{ invoices: number; lines: number; payments: number }>`
    SELECT (SELECT count(*) FROM invoice)::int AS invoices, (SELECT count(*) FROM invoice_line)::int AS lines,
      (SELECT count(*) FROM invoice_payment)::int AS payments`.execute(testDb.db);
  return result.rows[0];
};

let october: Invoice;

describe('invoices over HTTP', () => {
  it('lets an administrator run a month, and refuses months not ended or malformed', async () => {
    for (const [month, code] of [
      ['2026-11', 'notEnded'],
      ['2026-12', 'notEnded'],
    ]) {
      const refused = await readProblem(
        await call('administrator', 'POST', '/api/v1/admin/invoice-runs', { month }),
      );
      expect(refused.invalidParams).toEqual([{ name: 'month', code, reason: expect.any(String) }]);
    }
    const malformed = await readProblem(
      await call('administrator', 'POST', '/api/v1/admin/invoice-runs', { month: '2026-13' }),
    );
    expect(malformed.invalidParams?.map((p) => p.name)).toEqual(['month']);
    expect(
      (
        await readProblem(
          await call('accountant', 'POST', '/api/v1/admin/invoice-runs', { month: '2026-10' }),
        )
      ).code,
    ).toBe('forbidden');
    expect(await counts()).toEqual({ invoices: 0, lines: 0, payments: 0 });

    const response = await call('administrator', 'POST', '/api/v1/admin/invoice-runs', { month: '2026-10' });
    expect(response.status).toBe(200);
    const result = (await response.json()) as InvoiceRunResult;
    expect(result.issued).toHaveLength(2);
    const list = await call('accountant', 'GET', '/api/v1/admin/invoices?month=2026-10');
    expect(((await list.json()) as { invoices: Invoice[] }).invoices).toHaveLength(2);
  });

  it('shows an organisation its own invoices only', async () => {
    const response = await call('contactPerson', 'GET', '/api/v1/org/invoices', undefined, payer);
    const { invoices } = (await response.json()) as { invoices: Invoice[] };
    expect(invoices).toHaveLength(1);
    october = invoices[0] as Invoice;
    expect(october).toMatchObject({
      number: expect.stringMatching(/^FPR-2026-00000[12]$/),
      month: '2026-10',
      netCents: 9000,
      vatCents: 1890,
      totalCents: 10890,
      outstandingCents: 10890,
      dueOn: '2026-12-27',
      isOverdue: false,
    });
    const [theirs] = await testDb.db
      .selectFrom('invoice')
      .select('id')
      .where('organisationId', '=', other)
      .execute();
    for (const path of [`/api/v1/org/invoices/${theirs?.id}`, `/api/v1/org/invoices/${theirs?.id}/pdf`]) {
      expect((await readProblem(await call('contactPerson', 'GET', path, undefined, payer))).code).toBe(
        'notFound',
      );
    }
  });

  it('prints the invoice as a Latvian PDF whose totals read back', async () => {
    const response = await call(
      'contactPerson',
      'GET',
      `/api/v1/org/invoices/${october.id}/pdf`,
      undefined,
      payer,
    );
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    for (const expected of [
      `Rēķins Nr. ${october.number}`,
      'Pilsonības un migrācijas lietu pārvalde',
      'Reģ. Nr. 90000054163',
      'SIA Ābeļu Dārzs',
      'Apmaksas termiņš: 27.12.2026',
      'Summa bez PVN: 90,00 EUR',
      'PVN: 18,90 EUR',
      'Kopā apmaksai: 108,90 EUR',
    ])
      expect(text).toContain(expected);
  });

  it('records payments up to what is outstanding, and queues the restoration when settled', async () => {
    const path = `/api/v1/admin/invoices/${october.id}/payments`;
    const tooMuch = await readProblem(
      await call('accountant', 'POST', path, {
        amountCents: 10_891,
        paidOn: '2026-11-26',
        paymentReference: 'RF1',
      }),
    );
    expect(tooMuch).toMatchObject({ status: 400, code: 'paramsValidation' });
    expect(tooMuch.invalidParams).toEqual([
      { name: 'amountCents', code: 'exceedsOutstanding', reason: 'at most 10890' },
    ]);
    const future = await readProblem(
      await call('accountant', 'POST', path, {
        amountCents: 1,
        paidOn: '2026-11-28',
        paymentReference: 'RF1',
      }),
    );
    expect(future.invalidParams?.map((p) => p.name)).toEqual(['paidOn']);
    expect((await counts())?.payments).toBe(0);

    const first = await call('accountant', 'POST', path, {
      amountCents: 5000,
      paidOn: '2026-11-26',
      paymentReference: 'RF1',
    });
    expect(first.status).toBe(201);
    expect(((await first.json()) as Payment).outstandingCents).toBe(5890);
    const last = await call('accountant', 'POST', path, {
      amountCents: 5890,
      paidOn: '2026-11-27',
      paymentReference: 'RF2',
    });
    expect(((await last.json()) as Payment).outstandingCents).toBe(0);
    const jobs = await sql<{
      task: string;
    }>`SELECT task_identifier AS task FROM graphile_worker.jobs`.execute(testDb.db);
    expect(jobs.rows).toEqual([{ task: 'billing-suspensions' }]);
  });

  it('corrects an invoice with credit notes numbered in the same sequence', async () => {
    const path = `/api/v1/admin/invoices/${october.id}/credit-notes`;
    const before = await counts();
    const invalid = await readProblem(
      await call('accountant', 'POST', path, {
        reason: 'wrong line',
        lines: [
          { position: 9, netCents: 1 },
          { position: 2, netCents: 3001 },
        ],
      }),
    );
    expect(invalid.invalidParams?.map((p) => `${p.name}:${p.code}`)).toEqual([
      'lines[0].position:unknown',
      'lines[1].netCents:exceedsLine',
    ]);
    expect(await counts()).toEqual(before);

    const partial = await call('accountant', 'POST', path, {
      reason: 'Monitoring counted one person too many',
      lines: [{ position: 2, netCents: 1000 }],
    });
    expect(partial.status).toBe(201);
    const note = (await partial.json()) as Invoice;
    expect(note).toMatchObject({
      kind: 'creditNote',
      number: 'FPR-2026-000003',
      creditedInvoiceId: october.id,
      netCents: -1000,
      vatCents: -210,
      totalCents: -1210,
    });
    expect(note.lines).toEqual([
      expect.objectContaining({ creditedPosition: 2, quantity: -1, unitPriceCents: 1000, netCents: -1000 }),
    ]);

    const rest = await call('accountant', 'POST', path, {
      reason: 'Contract ended: whole invoice withdrawn',
    });
    const whole = (await rest.json()) as Invoice;
    expect(whole).toMatchObject({
      number: 'FPR-2026-000004',
      netCents: -8000,
      vatCents: -1680,
      totalCents: -9680,
    });
    expect(whole.lines.map((l) => [l.creditedPosition, l.quantity, l.netCents, l.vatCents])).toEqual([
      [1, -1, -6000, -1260],
      [2, -1, -2000, -420],
    ]);
    const again = await readProblem(await call('accountant', 'POST', path, { reason: 'once more' }));
    expect(again.code).toBe('conflict');
    const invoice = (await (
      await call('accountant', 'GET', `/api/v1/admin/invoices/${october.id}`)
    ).json()) as Invoice;
    // Paid in full, then credited: PMLP owes the organisation what it paid for the credited part.
    expect(invoice).toMatchObject({ creditedCents: -10890, paidCents: 10890, outstandingCents: -10890 });

    const pdf = await call('contactPerson', 'GET', `/api/v1/org/invoices/${note.id}/pdf`, undefined, payer);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('Kredītrēķins Nr. FPR-2026-000003');
    expect(text).toContain(`Koriģē rēķinu Nr. ${october.number}`);
    expect(text).toContain('Kopā kreditēts: −12,10 EUR');
  });

  it('lists debtors once an invoice is past its due date', async () => {
    expect(await (await call('accountant', 'GET', '/api/v1/admin/debtors')).json()).toEqual({ debtors: [] });
    clock = new Date('2027-01-10T10:00:00Z');
    try {
      const { debtors } = (await (await call('accountant', 'GET', '/api/v1/admin/debtors')).json()) as {
        debtors: Array<{
          organisation: { id: string };
          outstandingCents: number;
          invoices: Array<{ daysOverdue: number }>;
        }>;
      };
      expect(debtors).toHaveLength(1);
      expect(debtors[0]).toMatchObject({
        organisation: { id: other },
        outstandingCents: 7260,
        invoices: [{ daysOverdue: 14 }],
      });
    } finally {
      clock = new Date('2026-11-27T10:00:00Z');
    }
  });
});

describe('prepaid statements', () => {
  it('sums the month’s state fees with opening and closing balances, as JSON and PDF', async () => {
    const response = await call('contactPerson', 'GET', '/api/v1/org/statements/2026-10', undefined, payer);
    const statement = (await response.json()) as Statement;
    expect(statement).toMatchObject({
      month: '2026-10',
      openingBalanceCents: 0,
      topUpsCents: 10_000,
      chargesCents: 600,
      refundsCents: 0,
      closingBalanceCents: 9400,
      chargedPersons: 3,
    });
    expect(statement.entries.map((e) => e.kind)).toEqual(['topUp', 'charge']);
    const november = (await (
      await call('contactPerson', 'GET', '/api/v1/org/statements/2026-11', undefined, payer)
    ).json()) as Statement;
    expect(november).toMatchObject({
      openingBalanceCents: 9400,
      chargesCents: 200,
      closingBalanceCents: 9200,
    });
    const pdf = await call('contactPerson', 'GET', '/api/v1/org/statements/2026-10/pdf', undefined, payer);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('Valsts nodeva (3 personas): 6,00 EUR');
    expect(text).toContain('Atlikums mēneša beigās: 94,00 EUR');
    const future = await readProblem(
      await call('contactPerson', 'GET', '/api/v1/org/statements/2026-12', undefined, payer),
    );
    expect(future.invalidParams?.map((p) => p.code)).toEqual(['future']);
    const malformed = await readProblem(
      await call('contactPerson', 'GET', '/api/v1/org/statements/2026-1', undefined, payer),
    );
    expect(malformed.invalidParams?.map((p) => p.name)).toEqual(['month']);
  });

  it('records a payment or a credit note once per Idempotency-Key, and refuses the key with another body', async () => {
    // October's other invoice (the payer's is settled and credited by the tests above).
    const listed = await call('accountant', 'GET', '/api/v1/admin/invoices?month=2026-10');
    const { invoices } = (await listed.json()) as { invoices: Invoice[] };
    const invoice = invoices.find((candidate) => candidate.id !== october.id && candidate.kind === 'invoice');
    if (!invoice) throw new Error('October has a second invoice');
    const path = `/api/v1/admin/invoices/${invoice.id}/payments`;
    const payment = { amountCents: 100, paidOn: '2026-11-26', paymentReference: 'RF-retry' };
    const key = { 'idempotency-key': 'payment-1' };
    const before = await counts();
    const first = await call('accountant', 'POST', path, payment, undefined, key);
    const retry = await call('accountant', 'POST', path, payment, undefined, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(await retry.json()).toEqual(await first.json());
    expect((await counts())?.payments).toBe((before?.payments ?? 0) + 1);
    const reused = await readProblem(
      await call('accountant', 'POST', path, { ...payment, amountCents: 200 }, undefined, key),
    );
    expect(reused).toMatchObject({ status: 409, code: 'idempotencyKeyReused' });
    expect((await counts())?.payments).toBe((before?.payments ?? 0) + 1);

    const creditPath = `/api/v1/admin/invoices/${invoice.id}/credit-notes`;
    const credit = { reason: 'Issued twice by mistake', lines: [{ position: 1, netCents: 1 }] };
    const creditKey = { 'idempotency-key': 'credit-1' };
    const note = await call('accountant', 'POST', creditPath, credit, undefined, creditKey);
    const noteAgain = await call('accountant', 'POST', creditPath, credit, undefined, creditKey);
    expect([note.status, noteAgain.status]).toEqual([201, 201]);
    expect(((await noteAgain.json()) as Invoice).number).toBe(((await note.json()) as Invoice).number);
    expect((await counts())?.invoices).toBe((before?.invoices ?? 0) + 1);
  });
});
