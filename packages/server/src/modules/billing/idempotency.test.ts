import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { Db } from '../../db/database';
import { isProblemError, problem } from '../../http/problem';
import { expireIdempotencyKeys, withIdempotency } from './idempotency';
import { requestFingerprint } from './idempotency-key';
import { appendCredit } from './ledger.repository';
import { chargeStateFee } from './state-fee';

let testDb: TestDatabase;
let accountantId: string;
const at = new Date('2026-03-10T10:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 30 });
  accountantId = (await createUser(testDb.db, { role: 'accountant' })).id;
});
afterAll(async () => testDb.drop());

const fingerprintOf = (body: unknown) =>
  requestFingerprint({ method: 'POST', path: '/api/v1/persons/query', body });

async function fundedOrganisation(amountCents = 10_000): Promise<string> {
  const { id } = await createOrganisation(testDb.db);
  await appendCredit(testDb.db, {
    organisationId: id,
    amountCents,
    paymentReference: 'RF71 2345',
    receivedOn: '2026-03-09',
    idempotencyKey: null,
    createdBy: accountantId,
    at,
  });
  return id;
}

/** A paid query as the persons service runs it: charge inside the idempotent unit, one transaction. */
function paidQuery(
  organisationId: string,
  options: { key: string; body: unknown; requestId: string; at?: Date; delayMs?: number },
) {
  return testDb.db.transaction().execute((trx) =>
    withIdempotency(
      trx,
      { organisationId, key: options.key, fingerprint: fingerprintOf(options.body), at: options.at ?? at },
      async () => {
        if (options.delayMs) await sleep(options.delayMs);
        const charge = await chargeStateFee(trx, {
          organisationId,
          environment: 'production',
          persons: 2,
          requestId: options.requestId,
          at: options.at ?? at,
          idempotencyKey: options.key,
        });
        return { status: 200, body: { persons: [{ z: 1, a: 2 }], requestId: options.requestId, charge } };
      },
    ),
  );
}

async function chargesOf(db: Db, organisationId: string) {
  return db
    .selectFrom('ledgerEntry')
    .select(['requestId', 'amountCents', 'idempotencyKey'])
    .where('organisationId', '=', organisationId)
    .where('kind', '=', 'charge')
    .orderBy('id')
    .execute();
}

async function countCreatedBy(instant: Date): Promise<number> {
  const rows = await testDb.db
    .selectFrom('idempotencyRecord')
    .select('key')
    .where('createdAt', '<=', instant)
    .execute();
  return rows.length;
}

describe('withIdempotency', () => {
  it('answers a retry with the stored answer and charges once', async () => {
    const organisationId = await fundedOrganisation();
    const first = await paidQuery(organisationId, {
      key: 'k-1',
      body: { fields: ['identity'] },
      requestId: 'r-1',
    });
    const retry = await paidQuery(organisationId, {
      key: 'k-1',
      body: { fields: ['identity'] },
      requestId: 'r-2',
    });
    expect(first.isReplay).toBe(false);
    expect(retry).toEqual({ ...first, isReplay: true });
    // The stored answer keeps its key order, so the replayed text is the same.
    expect(JSON.stringify(retry.body)).toBe(JSON.stringify(first.body));
    expect(await chargesOf(testDb.db, organisationId)).toEqual([
      { requestId: 'r-1', amountCents: '-400', idempotencyKey: 'k-1' },
    ]);
  });

  it('refuses the same key with another request, charging nothing', async () => {
    const organisationId = await fundedOrganisation();
    await paidQuery(organisationId, { key: 'k-2', body: { fields: ['identity'] }, requestId: 'r-1' });
    const reuse = paidQuery(organisationId, {
      key: 'k-2',
      body: { fields: ['residence'] },
      requestId: 'r-2',
    });
    await expect(reuse).rejects.toMatchObject({ code: 'idempotencyKeyReused' });
    expect(await chargesOf(testDb.db, organisationId)).toHaveLength(1);
  });

  it('keeps the keys of different organisations apart', async () => {
    const first = await fundedOrganisation();
    const second = await fundedOrganisation();
    await paidQuery(first, { key: 'shared', body: { fields: ['identity'] }, requestId: 'r-a' });
    const other = await paidQuery(second, {
      key: 'shared',
      body: { fields: ['residence'] },
      requestId: 'r-b',
    });
    expect(other.isReplay).toBe(false);
    expect(await chargesOf(testDb.db, second)).toHaveLength(1);
  });

  it('runs one of many concurrent requests with the same key; the others receive its answer', async () => {
    const organisationId = await fundedOrganisation();
    const body = { fields: ['identity'], personalCodes: ['010190-10415'] };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        paidQuery(organisationId, { key: 'race', body, requestId: `r-${index}`, delayMs: 100 }),
      ),
    );
    expect(answers.filter((answer) => !answer.isReplay)).toHaveLength(1);
    const original = answers.find((answer) => !answer.isReplay);
    for (const answer of answers) expect(answer.body).toEqual(original?.body);
    expect(await chargesOf(testDb.db, organisationId)).toHaveLength(1);
  });

  it('refuses concurrent requests that reuse a key with other bodies while the first runs', async () => {
    const organisationId = await fundedOrganisation();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) =>
        paidQuery(organisationId, {
          key: 'race-2',
          body: { n: index },
          requestId: `r-${index}`,
          delayMs: 100,
        }),
      ),
    );
    const ran = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(ran).toHaveLength(1);
    expect(refused.map((error) => isProblemError(error) && error.code)).toEqual(
      Array(5).fill('idempotencyKeyReused'),
    );
    expect(await chargesOf(testDb.db, organisationId)).toHaveLength(1);
  });

  it('stores nothing when the work is refused, so the key can be used again', async () => {
    const organisationId = await fundedOrganisation(300);
    const refused = paidQuery(organisationId, {
      key: 'k-poor',
      body: { fields: ['identity'] },
      requestId: 'r-1',
    });
    await expect(refused).rejects.toMatchObject({ code: 'insufficientBalance' });
    const stored = await testDb.db
      .selectFrom('idempotencyRecord')
      .select('key')
      .where('organisationId', '=', organisationId)
      .execute();
    expect(stored).toEqual([]);
    await appendCredit(testDb.db, {
      organisationId,
      amountCents: 1_000,
      paymentReference: 'RF02',
      receivedOn: '2026-03-10',
      idempotencyKey: null,
      createdBy: accountantId,
      at,
    });
    const retried = await paidQuery(organisationId, {
      key: 'k-poor',
      body: { fields: ['identity'] },
      requestId: 'r-2',
    });
    expect(retried.isReplay).toBe(false);
    expect(await chargesOf(testDb.db, organisationId)).toHaveLength(1);
  });

  it('forgets a key after 24 hours, and the cleanup removes only expired records', async () => {
    const organisationId = await fundedOrganisation();
    await paidQuery(organisationId, { key: 'k-old', body: { v: 1 }, requestId: 'r-1' });
    const almostADayLater = new Date(at.getTime() + 23 * 3_600_000);
    const replay = await paidQuery(organisationId, {
      key: 'k-old',
      body: { v: 1 },
      requestId: 'r-2',
      at: almostADayLater,
    });
    expect(replay.isReplay).toBe(true);
    const dayLater = new Date(at.getTime() + 24 * 3_600_000 + 1_000);
    const fresh = await paidQuery(organisationId, {
      key: 'k-old',
      body: { v: 2 },
      requestId: 'r-3',
      at: dayLater,
    });
    expect(fresh.isReplay).toBe(false);
    expect((await chargesOf(testDb.db, organisationId)).map((charge) => charge.requestId)).toEqual([
      'r-1',
      'r-3',
    ]);

    await paidQuery(organisationId, { key: 'k-young', body: { v: 1 }, requestId: 'r-4', at: dayLater });
    const twoDaysLater = new Date(at.getTime() + 48 * 3_600_000 + 500);
    const expiredFirst = await countCreatedBy(new Date(twoDaysLater.getTime() - 24 * 3_600_000));
    expect(await expireIdempotencyKeys({ db: testDb.db, now: () => twoDaysLater })).toBe(expiredFirst);
    const left = await testDb.db
      .selectFrom('idempotencyRecord')
      .select('key')
      .where('organisationId', '=', organisationId)
      .execute();
    expect(left.map((record) => record.key).sort()).toEqual(['k-old', 'k-young']);
    const threeDaysLater = new Date(dayLater.getTime() + 24 * 3_600_000 + 1);
    const expired = await countCreatedBy(dayLater);
    expect(expired).toBeGreaterThanOrEqual(2);
    expect(await expireIdempotencyKeys({ db: testDb.db, now: () => threeDaysLater })).toBe(expired);
    const gone = await testDb.db
      .selectFrom('idempotencyRecord')
      .select('key')
      .where('organisationId', '=', organisationId)
      .execute();
    expect(gone).toEqual([]);
  });

  it('simply runs the work when no key is given', async () => {
    const organisationId = await fundedOrganisation();
    let runs = 0;
    const work = async () => {
      runs += 1;
      return { status: 200, body: { ok: true } };
    };
    const scope = { organisationId, key: undefined, fingerprint: fingerprintOf({}) };
    await testDb.db.transaction().execute((trx) => withIdempotency(trx, scope, work));
    await testDb.db.transaction().execute((trx) => withIdempotency(trx, scope, work));
    expect(runs).toBe(2);
    const failing = testDb.db
      .transaction()
      .execute((trx) => withIdempotency(trx, scope, async () => Promise.reject(problem('conflict'))));
    await expect(failing).rejects.toMatchObject({ code: 'conflict' });
  });
});
