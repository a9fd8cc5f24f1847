import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithSession } from '../../../test/access-fixtures';
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

async function call(
  method: string,
  path: string,
  body?: unknown,
  role: 'administrator' | 'accountant' = 'administrator',
) {
  const user = await userWithSession(testDb.db, { role, now });
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: user.session.headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function rows(kind: string) {
  return testDb.db
    .selectFrom('tariff')
    .select([
      'environment',
      'bandFrom',
      'bandTo',
      'amountCents',
      'rateBasisPoints',
      'validFrom',
      'validTo',
      'isVerified',
    ])
    .where('kind', '=', kind)
    .orderBy('environment')
    .orderBy('validFrom')
    .orderBy('bandFrom')
    .execute();
}

describe('subscription bands, one-off fees and the VAT rate', () => {
  it('seeds every kind, flagging the amounts no legal act gives', async () => {
    const response = await call('GET', '/api/v1/admin/tariffs', undefined, 'accountant');
    const { tariffs } = (await response.json()) as { tariffs: Array<Record<string, unknown>> };
    const summary = tariffs.map(
      (t) =>
        `${t.kind}:${t.environment ?? '-'}:${t.bandFrom ?? '-'}:${t.amountCents ?? t.rateBasisPoints}:${t.isVerified}`,
    );
    expect(summary).toEqual(
      expect.arrayContaining([
        'stateFeePerPerson:-:-:200:true',
        'connectionSetUp:-:-:24512:false',
        'newUser:-:-:2378:false',
        'vatRate:-:-:2100:true',
        'environmentSubscription:test:1:2000:false',
        'environmentSubscription:production:21:30000:false',
        'monitoringSubscription:-:100001:100000:false',
      ]),
    );
  });

  it('replaces the open bands of one environment from a later day, keeping the history', async () => {
    const response = await call('POST', '/api/v1/admin/tariff-bands', {
      kind: 'environmentSubscription',
      environment: 'production',
      bands: [
        { fromCount: 1, toCount: 10, amountCents: 8000 },
        { fromCount: 11, toCount: null, amountCents: 20000 },
      ],
      validFrom: '2026-07-01',
      note: 'MK order of 2026',
    });
    expect(response.status).toBe(201);
    const { tariffs } = (await response.json()) as { tariffs: unknown[] };
    expect(tariffs).toHaveLength(2);
    const production = (await rows('environmentSubscription')).filter((r) => r.environment === 'production');
    expect(
      production.map((r) => [r.bandFrom, r.bandTo, r.amountCents, r.validFrom, r.validTo, r.isVerified]),
    ).toEqual([
      [1, 5, 6000, '2021-06-28', '2026-06-30', false],
      [6, 20, 15000, '2021-06-28', '2026-06-30', false],
      [21, null, 30000, '2021-06-28', '2026-06-30', false],
      [1, 10, 8000, '2026-07-01', null, true],
      [11, null, 20000, '2026-07-01', null, true],
    ]);
    // The test environment's bands are untouched.
    expect(
      (await rows('environmentSubscription')).filter((r) => r.environment === 'test' && r.validTo !== null),
    ).toEqual([]);
  });

  it('adds a VAT rate period and a one-off fee period', async () => {
    const vat = await call('POST', '/api/v1/admin/tariffs', {
      kind: 'vatRate',
      rateBasisPoints: 2200,
      validFrom: '2027-01-01',
      note: 'VAT law amendment',
    });
    expect(vat.status).toBe(201);
    expect(await vat.json()).toMatchObject({ kind: 'vatRate', rateBasisPoints: 2200, amountCents: null });
    const fee = await call('POST', '/api/v1/admin/tariffs', {
      kind: 'newUser',
      amountCents: 2500,
      validFrom: '2027-01-01',
      note: 'price list 2027',
      isVerified: false,
    });
    expect(await fee.json()).toMatchObject({ kind: 'newUser', amountCents: 2500, isVerified: false });
    expect((await rows('vatRate')).map((r) => [r.rateBasisPoints, r.validTo])).toEqual([
      [2100, '2026-12-31'],
      [2200, null],
    ]);
  });

  it('refuses overlapping periods, negative amounts and broken bands, changing nothing', async () => {
    const before = await testDb.db.selectFrom('tariff').selectAll().orderBy('id').execute();
    const overlap = await readProblem(
      await call('POST', '/api/v1/admin/tariff-bands', {
        kind: 'environmentSubscription',
        environment: 'production',
        bands: [{ fromCount: 1, toCount: null, amountCents: 1 }],
        validFrom: '2026-05-01',
        note: 'overlapping',
      }),
    );
    expect(overlap).toMatchObject({ status: 409, code: 'conflict' });
    expect(overlap.invalidParams?.map((p) => p.name)).toEqual(['validFrom']);

    const negative = await readProblem(
      await call('POST', '/api/v1/admin/tariff-bands', {
        kind: 'monitoringSubscription',
        bands: [
          { fromCount: 1, toCount: 10, amountCents: -1 },
          { fromCount: 11, toCount: null, amountCents: -100 },
        ],
        validFrom: '2026-08-01',
        note: 'negative',
      }),
    );
    expect(negative.code).toBe('paramsValidation');
    expect(negative.invalidParams?.map((p) => p.name).sort()).toEqual([
      'bands[0].amountCents',
      'bands[1].amountCents',
    ]);

    const broken = await readProblem(
      await call('POST', '/api/v1/admin/tariff-bands', {
        kind: 'environmentSubscription',
        bands: [
          { fromCount: 2, toCount: 10, amountCents: 1 },
          { fromCount: 12, toCount: 20, amountCents: 2 },
        ],
        validFrom: '2026-08-01',
        note: 'broken',
      }),
    );
    expect(broken.invalidParams?.map((p) => `${p.name}:${p.code}`)).toEqual([
      'environment:required',
      'bands[0].fromCount:notContiguous',
      'bands[1].fromCount:notContiguous',
      'bands[1].toCount:notOpenEnded',
    ]);

    const mixed = await readProblem(
      await call('POST', '/api/v1/admin/tariffs', {
        kind: 'vatRate',
        amountCents: 5,
        validFrom: '2026-08-01',
        note: 'mixed up',
      }),
    );
    expect(mixed.invalidParams?.map((p) => `${p.name}:${p.code}`)).toEqual([
      'rateBasisPoints:required',
      'amountCents:notAllowed',
    ]);
    expect(await testDb.db.selectFrom('tariff').selectAll().orderBy('id').execute()).toEqual(before);
  });
});

describe('billing settings', () => {
  it('keeps every version with who, when and why; only administrators change them', async () => {
    const initial = await call('GET', '/api/v1/admin/billing-settings', undefined, 'accountant');
    expect(((await initial.json()) as { current: unknown }).current).toMatchObject({
      invoiceDueDays: 30,
      isAutomaticSuspensionEnabled: false,
      suspensionOverdueDays: 30,
    });
    const body = {
      invoiceDueDays: 20,
      isAutomaticSuspensionEnabled: true,
      suspensionOverdueDays: 14,
      reason: 'Board decision 5/2026',
    };
    const refused = await call('PUT', '/api/v1/admin/billing-settings', body, 'accountant');
    expect((await readProblem(refused)).code).toBe('forbidden');
    const changed = await call('PUT', '/api/v1/admin/billing-settings', body);
    expect(changed.status).toBe(200);
    const invalid = await readProblem(
      await call('PUT', '/api/v1/admin/billing-settings', {
        ...body,
        invoiceDueDays: 0,
        suspensionOverdueDays: -3,
      }),
    );
    expect(invalid.invalidParams?.map((p) => p.name).sort()).toEqual([
      'invoiceDueDays',
      'suspensionOverdueDays',
    ]);
    const history = await testDb.db
      .selectFrom('billingSetting')
      .select(['invoiceDueDays', 'createdBy', 'reason'])
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { invoiceDueDays: 30, createdBy: null, reason: expect.any(String) },
      { invoiceDueDays: 20, createdBy: expect.any(String), reason: 'Board decision 5/2026' },
    ]);
  });
});
