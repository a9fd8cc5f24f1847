import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

const now = new Date('2026-03-10T10:00:00Z');
let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
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
const refundPath = (organisationId: string) => `/api/v1/admin/organisations/${organisationId}/refunds`;

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

async function balanceRow(organisationId: string) {
  // The balance is the sum of the organisation's slots; no slot row at all before the first top-up.
  const row = await testDb.db
    .selectFrom('accountBalance')
    .select((eb) => eb.fn.sum<string | null>('balanceCents').as('balanceCents'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
  return row?.balanceCents == null ? undefined : Number(row.balanceCents);
}

describe('top-ups and refunds', () => {
  it('records a top-up and a refund with who, when, the reference and the reason', async () => {
    const accountant = await staff('accountant');
    const administrator = await staff('administrator');
    const organisation = await createOrganisation(testDb.db);
    const topUp = await call('POST', topUpPath(organisation.id), accountant.session.headers(), topUpBody);
    expect(topUp.status).toBe(201);
    expect(await topUp.json()).toMatchObject({
      kind: 'topUp',
      amountCents: 5_000,
      balanceAfterCents: 5_000,
      currency: 'EUR',
      paymentReference: 'RF18 5390 0754 7034',
      receivedOn: '2026-03-09',
      recordedBy: accountant.id,
      at: now.toISOString(),
    });
    const refund = await call('POST', refundPath(organisation.id), administrator.session.headers(), {
      amountCents: 1_500,
      reason: 'Contract ended; unused prepayment returned',
    });
    expect(refund.status).toBe(201);
    expect(await refund.json()).toMatchObject({
      kind: 'refund',
      amountCents: -1_500,
      balanceAfterCents: 3_500,
    });
    expect(await ledgerRows(organisation.id)).toEqual([
      {
        kind: 'topUp',
        amountCents: '5000',
        balanceAfterCents: '5000',
        paymentReference: 'RF18 5390 0754 7034',
        receivedOn: '2026-03-09',
        reason: null,
        idempotencyKey: null,
        createdBy: accountant.id,
        at: now,
      },
      {
        kind: 'refund',
        amountCents: '-1500',
        balanceAfterCents: '3500',
        paymentReference: null,
        receivedOn: null,
        reason: 'Contract ended; unused prepayment returned',
        idempotencyKey: null,
        createdBy: administrator.id,
        at: now,
      },
    ]);
    expect(await balanceRow(organisation.id)).toBe(3_500);
  });

  it('refuses a refund above the balance with 409, changing nothing', async () => {
    const accountant = await staff('accountant');
    const organisation = await createOrganisation(testDb.db);
    await call('POST', topUpPath(organisation.id), accountant.session.headers(), topUpBody);
    const refused = await call('POST', refundPath(organisation.id), accountant.session.headers(), {
      amountCents: 5_001,
      reason: 'Too much',
    });
    const problem = await readProblem(refused);
    expect(problem).toMatchObject({ status: 409, code: 'conflict', balanceCents: 5_000 });
    expect((await ledgerRows(organisation.id)).map((row) => row.kind)).toEqual(['topUp']);
    expect(await balanceRow(organisation.id)).toBe(5_000);
  });

  it('answers a retried top-up with the original entry and records it once', async () => {
    const accountant = await staff('accountant');
    const organisation = await createOrganisation(testDb.db);
    const headers = accountant.session.headers({ 'idempotency-key': 'bank-statement-2026-03-09-17' });
    const first = await call('POST', topUpPath(organisation.id), headers, topUpBody);
    const reordered = {
      receivedOn: '2026-03-09',
      paymentReference: 'RF18 5390 0754 7034',
      amountCents: 5_000,
    };
    const retry = await call('POST', topUpPath(organisation.id), headers, reordered);
    expect(retry.status).toBe(201);
    expect(await retry.text()).toBe(await first.text());
    const other = await call('POST', topUpPath(organisation.id), headers, {
      ...topUpBody,
      amountCents: 6_000,
    });
    expect(await readProblem(other)).toMatchObject({ status: 409, code: 'idempotencyKeyReused' });
    const rows = await ledgerRows(organisation.id);
    expect(rows.map((row) => [row.kind, row.amountCents, row.idempotencyKey])).toEqual([
      ['topUp', '5000', 'bank-statement-2026-03-09-17'],
    ]);
    expect(await balanceRow(organisation.id)).toBe(5_000);
  });

  it('records one top-up when the same key arrives many times at once', async () => {
    const accountant = await staff('accountant');
    const organisation = await createOrganisation(testDb.db);
    const headers = accountant.session.headers({ 'idempotency-key': 'double-click' });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', topUpPath(organisation.id), headers, topUpBody)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const ids = new Set(
      await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id)),
    );
    expect(ids.size).toBe(1);
    expect(await ledgerRows(organisation.id)).toHaveLength(1);
    expect(await balanceRow(organisation.id)).toBe(5_000);
  });
});

describe('who may do what', () => {
  it('refuses other roles, unknown organisations and calls without the CSRF token', async () => {
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
      now,
    });
    const pdpUser = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: organisation.id,
      now,
    });
    for (const user of [await staff('reviewer'), await staff('registrar'), contact]) {
      for (const path of [topUpPath(organisation.id), refundPath(organisation.id)]) {
        const body = path.endsWith('top-ups') ? topUpBody : { amountCents: 1, reason: 'why not' };
        expect((await readProblem(await call('POST', path, user.session.headers(), body))).code).toBe(
          'forbidden',
        );
      }
      const ledger = await call(
        'GET',
        `/api/v1/admin/organisations/${organisation.id}/ledger`,
        user.session.headers(),
      );
      expect((await readProblem(ledger)).code).toBe('forbidden');
    }
    for (const user of [await staff('accountant'), await staff('administrator'), pdpUser]) {
      for (const path of ['/api/v1/org/balance', '/api/v1/org/ledger']) {
        expect((await readProblem(await call('GET', path, user.session.headers()))).code).toBe('forbidden');
      }
    }
    const accountant = await staff('accountant');
    const unknown = randomUUID();
    const missing = await call(
      'POST',
      topUpPath(unknown),
      accountant.session.headers({ 'idempotency-key': 'k' }),
      topUpBody,
    );
    expect((await readProblem(missing)).code).toBe('notFound');
    const missingLedger = await call(
      'GET',
      `/api/v1/admin/organisations/${unknown}/ledger`,
      accountant.session.headers(),
    );
    expect((await readProblem(missingLedger)).code).toBe('notFound');
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = accountant.session.headers();
    const noCsrf = await call('POST', topUpPath(organisation.id), withoutCsrf, topUpBody);
    expect((await readProblem(noCsrf)).code).toBe('forbidden');
    expect(await ledgerRows(organisation.id)).toEqual([]);
    expect(await balanceRow(organisation.id)).toBeUndefined();
  });

  it('lists every invalid parameter at once', async () => {
    const accountant = await staff('accountant');
    const organisation = await createOrganisation(testDb.db);
    const names = async (response: Response) =>
      ((await readProblem(response)).invalidParams ?? []).map((param) => param.name).sort();
    const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
      call('POST', path, accountant.session.headers(extra), body);
    expect(
      await names(
        await post(topUpPath(organisation.id), {
          amountCents: 0,
          paymentReference: '',
          receivedOn: 'yesterday',
          bonus: 1,
        }),
      ),
    ).toEqual(['amountCents', 'bonus', 'paymentReference', 'receivedOn']);
    expect(
      await names(
        await post(topUpPath(organisation.id), { amountCents: 100_000_001, paymentReference: 'x' }),
      ),
    ).toEqual(['amountCents', 'receivedOn']);
    expect(
      await names(await post(refundPath(organisation.id), { amountCents: -1, reason: '', note: 'x' })),
    ).toEqual(['amountCents', 'note', 'reason']);
    expect(
      await names(await post(topUpPath(organisation.id), topUpBody, { 'idempotency-key': 'k'.repeat(101) })),
    ).toEqual(['idempotency-key']);
    expect(await names(await post(topUpPath('not-a-uuid'), topUpBody))).toEqual(['organisationId']);
    const future = await post(topUpPath(organisation.id), { ...topUpBody, receivedOn: '2026-03-11' });
    expect((await readProblem(future)).invalidParams).toEqual([
      { name: 'receivedOn', code: 'future', reason: expect.any(String) },
    ]);
    const ledger = await call(
      'GET',
      `/api/v1/admin/organisations/${organisation.id}/ledger?limit=0&cursor=abc&sort=asc`,
      accountant.session.headers(),
    );
    expect(await names(ledger)).toEqual(['cursor', 'limit', 'sort']);
    expect(await ledgerRows(organisation.id)).toEqual([]);
  });
});
