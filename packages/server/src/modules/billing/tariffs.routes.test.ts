import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { appendCredit } from './ledger.repository';
import { chargeStateFee } from './state-fee';
import { currentTariff } from './tariffs.repository';

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

const staff = (role: 'administrator' | 'accountant' | 'reviewer') =>
  userWithSession(testDb.db, { role, now });

async function tariffRows() {
  return testDb.db
    .selectFrom('tariff')
    .select(['amountCents', 'validFrom', 'validTo', 'createdBy'])
    .where('kind', '=', 'stateFeePerPerson')
    .orderBy('validFrom')
    .execute();
}

const dayFee = async (day: string) => (await currentTariff(testDb.db, 'stateFeePerPerson', day))?.amountCents;

describe('tariff periods', () => {
  it('starts from the seeded EUR 2.00 per person from 28 June 2021', async () => {
    const accountant = await staff('accountant');
    const response = await call('GET', '/api/v1/admin/tariffs', accountant.session.headers());
    expect(response.status).toBe(200);
    const { tariffs } = (await response.json()) as { tariffs: Array<{ kind: string }> };
    expect(tariffs.find((tariff) => tariff.kind === 'stateFeePerPerson')).toMatchObject({
      kind: 'stateFeePerPerson',
      amountCents: 200,
      currency: 'EUR',
      validFrom: '2021-06-28',
      createdBy: null,
    });
    expect(await dayFee('2021-06-27')).toBeUndefined();
    expect(await dayFee('2021-06-28')).toBe(200);
  });

  it('adds periods that close the open one the day before, and refuses overlaps', async () => {
    const admin = await staff('administrator');
    const add = (body: object) => call('POST', '/api/v1/admin/tariffs', admin.session.headers(), body);
    const created = await add({
      kind: 'stateFeePerPerson',
      amountCents: 250,
      validFrom: '2026-04-01',
      note: 'MK order',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ amountCents: 250, validFrom: '2026-04-01', validTo: null });
    await add({ kind: 'stateFeePerPerson', amountCents: 300, validFrom: '2026-07-01', note: 'MK order 2' });
    const history = [
      { amountCents: 200, validFrom: '2021-06-28', validTo: '2026-03-31', createdBy: null },
      { amountCents: 250, validFrom: '2026-04-01', validTo: '2026-06-30', createdBy: admin.id },
      { amountCents: 300, validFrom: '2026-07-01', validTo: null, createdBy: admin.id },
    ];
    expect(await tariffRows()).toEqual(history);
    expect(await dayFee('2026-03-31')).toBe(200);
    expect(await dayFee('2026-04-01')).toBe(250);
    expect(await dayFee('2026-06-30')).toBe(250);
    expect(await dayFee('2040-01-01')).toBe(300);

    for (const validFrom of ['2026-07-01', '2026-05-15', '2026-03-20']) {
      const overlap = await add({ kind: 'stateFeePerPerson', amountCents: 1, validFrom, note: 'overlap' });
      expect((await readProblem(overlap)).code).toBe('conflict');
    }
    expect(await tariffRows()).toEqual(history);

    // The Latvian day picks the tariff: 00:30 in Rīga on 1 April is still 31 March in UTC.
    const organisation = await createOrganisation(testDb.db);
    await appendCredit(testDb.db, {
      organisationId: organisation.id,
      amountCents: 1_000,
      paymentReference: 'RF01',
      receivedOn: '2026-03-09',
      idempotencyKey: null,
      createdBy: admin.id,
      at: now,
    });
    const charge = await chargeStateFee(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
      persons: 2,
      requestId: 'req-april',
      at: new Date('2026-03-31T21:30:00Z'),
    });
    expect(charge).toEqual({ persons: 2, amountCents: 500, balanceCents: 500 });
  });

  it('lists every invalid parameter, then the domain rules of the start day', async () => {
    const admin = await staff('administrator');
    const add = (body: object) => call('POST', '/api/v1/admin/tariffs', admin.session.headers(), body);
    const several = await readProblem(
      await add({ kind: 'subscription', amountCents: -5, validFrom: '1 April', note: '', extra: 1 }),
    );
    expect(several.code).toBe('paramsValidation');
    expect(several.invalidParams?.map((param) => param.name).sort()).toEqual([
      'amountCents',
      'extra',
      'kind',
      'note',
      'validFrom',
    ]);
    const fractional = await readProblem(
      await add({ kind: 'stateFeePerPerson', amountCents: 2.5, note: 'abc' }),
    );
    expect(fractional.invalidParams?.map((param) => param.name).sort()).toEqual(['amountCents', 'validFrom']);
    for (const [validFrom, code] of [
      ['2026-03-10', 'notFuture'],
      ['2020-01-01', 'notFuture'],
      ['2026-02-30', 'calendarDate'],
    ]) {
      const refused = await readProblem(
        await add({ kind: 'stateFeePerPerson', amountCents: 1, validFrom, note: 'refused period' }),
      );
      expect(refused.invalidParams).toEqual([{ name: 'validFrom', code, reason: expect.any(String) }]);
    }
    expect(
      await testDb.db.selectFrom('tariff').select('id').where('note', '=', 'refused period').execute(),
    ).toEqual([]);
  });

  it('lets administrators add periods, accountants read them, and nobody else in', async () => {
    const accountant = await staff('accountant');
    const reviewer = await staff('reviewer');
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: (await createOrganisation(testDb.db)).id,
      now,
    });
    const body = { kind: 'stateFeePerPerson', amountCents: 1, validFrom: '2030-01-01', note: 'not allowed' };
    for (const user of [accountant, reviewer, contact]) {
      const refused = await call('POST', '/api/v1/admin/tariffs', user.session.headers(), body);
      expect((await readProblem(refused)).code).toBe('forbidden');
    }
    for (const user of [reviewer, contact]) {
      const refused = await call('GET', '/api/v1/admin/tariffs', user.session.headers());
      expect((await readProblem(refused)).code).toBe('forbidden');
    }
    const admin = await staff('administrator');
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = admin.session.headers();
    const noCsrf = await call('POST', '/api/v1/admin/tariffs', withoutCsrf, body);
    expect((await readProblem(noCsrf)).code).toBe('forbidden');
    const anonymous = await call('GET', '/api/v1/admin/tariffs', {});
    expect((await readProblem(anonymous)).code).toBe('authentication');
    expect(
      await testDb.db.selectFrom('tariff').select('id').where('note', '=', 'not allowed').execute(),
    ).toEqual([]);
  });

  it('keeps tariff history in the database: no deletes, no rewrites, no overlaps', async () => {
    const before = await tariffRows();
    await expect(sql`DELETE FROM tariff`.execute(testDb.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE tariff SET amount_cents = 1`.execute(testDb.db)).rejects.toThrow(
      /history is kept/,
    );
    await expect(
      sql`UPDATE tariff SET valid_to = '2030-01-01' WHERE valid_to IS NOT NULL`.execute(testDb.db),
    ).rejects.toThrow(/history is kept/);
    const creator = await createUser(testDb.db, { role: 'administrator' });
    await expect(
      sql`INSERT INTO tariff (kind, amount_cents, valid_from, valid_to, note, created_by)
          VALUES ('stateFeePerPerson', 1, '2022-01-01', '2022-12-31', 'overlap', ${creator.id})`.execute(
        testDb.db,
      ),
    ).rejects.toThrow(/tariff_no_overlap/);
    await expect(
      sql`INSERT INTO tariff (kind, amount_cents, valid_from, note)
          VALUES ('stateFeePerPerson', -1, '2099-01-01', 'negative')`.execute(testDb.db),
    ).rejects.toThrow(/check constraint/);
    expect(await tariffRows()).toEqual(before);
  });
});
