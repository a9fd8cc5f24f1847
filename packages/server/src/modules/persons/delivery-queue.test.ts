import { type Environment, scopeNames } from '@fpr/contract';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { codesDelivery, createQueryPurpose, deliveredPersons, topUp } from '../../../test/persons-fixtures';
import { seedRegister } from '../register/seed';
import { createDeliveryQueue } from './delivery-queue';
import {
  type CodesDelivery,
  type CodesDeliveryOutcome,
  deliverByCodes,
  findVersionedPurpose,
  type VersionedPurpose,
} from './persons.repository';

// Group commit (migration 0030): requests that wait while a delivery statement runs go together in
// the next one. Each must come out exactly as it would alone — its own purpose check, fee, ledger
// entry, audit records and persons — and the queue must really have put them in one transaction.
let testDb: TestDatabase;
const codes: Record<Environment, string[]> = { test: [], production: [] };
let requests = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  for (const environment of ['test', 'production'] as const) {
    await seedRegister(db, { connectionString: testDb.url, environment, persons: 120, seed: 5 });
    const rows = await db
      .selectFrom('person')
      .select('personalCode')
      .where('environment', '=', environment)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    codes[environment] = rows.map((row) => row.personalCode);
  }
});
afterAll(async () => testDb.drop());

interface Customer {
  organisationId: string;
  purpose: VersionedPurpose;
}

async function customer(
  options: { prepaidCents?: number; feeExemptionReason?: string } = {},
): Promise<Customer> {
  const { db } = testDb;
  const organisation = await createOrganisation(db, { feeExemptionReason: options.feeExemptionReason });
  if (options.prepaidCents) await topUp(db, organisation.id, options.prepaidCents);
  const purposeId = await createQueryPurpose(db, organisation.id, { scopes: [...scopeNames], fields: [] });
  const purpose = await findVersionedPurpose(db, purposeId);
  if (!purpose) throw new Error('the purpose was just created');
  return { organisationId: organisation.id, purpose };
}

function delivery(
  who: Customer,
  asked: string[],
  options: { environment?: Environment; fields?: string[]; purposeRowVersion?: string } = {},
): CodesDelivery {
  return codesDelivery({
    environment: options.environment ?? 'production',
    codes: asked,
    purpose: { id: who.purpose.id, rowVersion: options.purposeRowVersion ?? who.purpose.rowVersion },
    organisationId: who.organisationId,
    requestId: `together-${++requests}`,
    fields: options.fields ?? ['identity', 'residence'],
  });
}

function deliveredCodes(outcome: CodesDeliveryOutcome): string[] {
  return deliveredPersons(outcome).map((person) => person.personalCode);
}

async function ledgerOf(organisationId: string) {
  const result = await sql<{ requestId: string; amountCents: string; balanceAfterCents: string; tx: string }>`
    SELECT request_id, amount_cents, balance_after_cents, xmin::text AS tx FROM ledger_entry
    WHERE organisation_id = ${organisationId} AND kind = 'charge' ORDER BY id`.execute(testDb.db);
  return result.rows;
}

async function auditedRequests(requestIds: string[]): Promise<Map<string, string[]>> {
  const rows = await testDb.db
    .selectFrom('auditEvent')
    .select(['requestId', 'personalCode'])
    .where('requestId', 'in', requestIds)
    .orderBy('id')
    .execute();
  const byRequest = new Map<string, string[]>();
  for (const row of rows)
    byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row.personalCode]);
  return byRequest;
}

/**
 * The delivery statements waiting for a lock, read 50 times or until one waits and `isDone`
 * agrees; each read is a round trip, during which the queue's own work goes on.
 */
async function waitingDeliveries(isDone: (count: number) => boolean): Promise<number> {
  let count = 0;
  for (let read = 0; read < 50; read++) {
    const result = await sql<{ count: string }>`
      SELECT count(*) AS count FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%deliver_persons_%'`.execute(
      testDb.db,
    );
    count = Number(result.rows[0]?.count ?? 0);
    if (count > 0 && isDone(count)) break;
  }
  return count;
}

async function balanceOf(organisationId: string): Promise<number> {
  const result = await sql<{ total: string }>`
    SELECT sum(balance_cents) AS total FROM account_balance WHERE organisation_id = ${organisationId}`.execute(
    testDb.db,
  );
  return Number(result.rows[0]?.total ?? 0);
}

describe('deliveries committed together', () => {
  it('answers, charges and audits each waiting request as alone, in one transaction', async () => {
    const bank = await customer({ prepaidCents: 100_000 });
    const statements: number[] = [];
    const deliver = createDeliveryQueue(testDb.db, { onStatement: (requests) => statements.push(requests) });
    const asked = codes.production.slice(0, 30);
    const inputs = asked.map((code) => delivery(bank, [code]));
    // All at once: the first goes alone, the other 29 wait for it and then go in one statement.
    const outcomes = await Promise.all(inputs.map((input) => deliver(input)));

    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome).toMatchObject({ isPurposeCurrent: true, isDelivered: true, amountCents: 200 });
      expect(deliveredCodes(outcome)).toEqual([asked[index]]);
    }
    const ledger = await ledgerOf(bank.organisationId);
    expect(ledger.map((entry) => entry.requestId).sort()).toEqual(
      inputs.map((input) => input.requestId).sort(),
    );
    expect(ledger.every((entry) => entry.amountCents === '-200')).toBe(true);
    // As if charged one after the other: every balance between the top-up and the end, once.
    const after = ledger.map((entry) => Number(entry.balanceAfterCents)).sort((a, b) => b - a);
    expect(after).toEqual(asked.map((_code, index) => 100_000 - 200 * (index + 1)));
    expect(outcomes.map((outcome) => outcome.balanceAfterCents).sort((a, b) => (b ?? 0) - (a ?? 0))).toEqual(
      after,
    );
    expect(await balanceOf(bank.organisationId)).toBe(100_000 - 30 * 200);
    expect(new Set(ledger.map((entry) => entry.tx)).size).toBe(2);
    expect(statements).toEqual([1, 29]);

    const audited = await auditedRequests(inputs.map((input) => input.requestId));
    for (const [index, input] of inputs.entries())
      expect(audited.get(input.requestId)).toEqual([asked[index]]);
  });

  it('repeats alone the requests of an organisation whose balance covers only some of them', async () => {
    const bank = await customer({ prepaidCents: 3 * 200 });
    const deliver = createDeliveryQueue(testDb.db);
    const inputs = codes.production.slice(30, 36).map((code) => delivery(bank, [code]));
    const outcomes = await Promise.all(inputs.map((input) => deliver(input)));

    const delivered = outcomes.filter((outcome) => outcome.isDelivered);
    const refused = outcomes.filter((outcome) => !outcome.isDelivered);
    expect(delivered).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({
        isPurposeCurrent: true,
        personsJson: '',
        personCount: 0,
        amountCents: 200,
        balanceCents: 0,
      });
    }
    expect(await balanceOf(bank.organisationId)).toBe(0);
    const ledger = await ledgerOf(bank.organisationId);
    expect(ledger.map((entry) => Number(entry.balanceAfterCents)).sort()).toEqual([0, 200, 400]);
    const audited = await auditedRequests(inputs.map((input) => input.requestId));
    const deliveredIds = inputs
      .filter((_input, index) => outcomes[index]?.isDelivered)
      .map((input) => input.requestId);
    expect([...audited.keys()].sort()).toEqual(deliveredIds.sort());
    expect(ledger.map((entry) => entry.requestId).sort()).toEqual(deliveredIds.sort());
  });

  it('keeps each request its own purpose check, fee, fields and environment in one turn', async () => {
    const bank = await customer({ prepaidCents: 100_000 });
    const ministry = await customer({ feeExemptionReason: 'Public institution' });
    const deliver = createDeliveryQueue(testDb.db);
    const [first, second, third, fourth] = codes.production.slice(40, 44) as [string, string, string, string];
    const narrowed = ['residence.declaredAddress', 'identity.surname', 'death'];
    const turn = {
      blocker: delivery(bank, [first]),
      paying: delivery(bank, [second, third]),
      exempt: delivery(ministry, [second]),
      stale: delivery(bank, [fourth], { purposeRowVersion: '1:1' }),
      unknown: delivery(bank, ['010101-10005']),
      narrowed: delivery(bank, [third], { fields: narrowed }),
      test: delivery(bank, [codes.test[0] as string], { environment: 'test' }),
    };
    const names = Object.keys(turn) as Array<keyof typeof turn>;
    const answered = await Promise.all(names.map((name) => deliver(turn[name])));
    const outcome = Object.fromEntries(names.map((name, index) => [name, answered[index]])) as Record<
      keyof typeof turn,
      CodesDeliveryOutcome
    >;

    expect(outcome.paying).toMatchObject({ isDelivered: true, amountCents: 400 });
    expect(deliveredCodes(outcome.paying)).toEqual([second, third]);
    expect(outcome.exempt).toMatchObject({ isDelivered: true, amountCents: 0, balanceAfterCents: null });
    expect(outcome.stale).toMatchObject({
      isPurposeCurrent: false,
      isDelivered: false,
      personsJson: '',
      personCount: 0,
    });
    expect(outcome.unknown).toMatchObject({
      isDelivered: true,
      amountCents: 0,
      personsJson: '',
      personCount: 0,
    });
    expect(outcome.test).toMatchObject({ isDelivered: true, amountCents: 0, balanceAfterCents: null });
    expect(deliveredCodes(outcome.test)).toEqual([codes.test[0]]);
    // The narrowed selection comes out as the single-request statement builds it.
    const alone = await deliverByCodes(testDb.db, delivery(ministry, [third], { fields: narrowed }));
    expect(deliveredPersons(outcome.narrowed)).toEqual(deliveredPersons(alone));
    expect(outcome.narrowed.personsJson).toBe(alone.personsJson);

    const ledger = await ledgerOf(bank.organisationId);
    expect(ledger.map((entry) => entry.requestId).sort()).toEqual(
      [turn.blocker, turn.paying, turn.narrowed].map((input) => input.requestId).sort(),
    );
    // The blocker alone, then the paying and narrowed requests in the one turn.
    expect(new Set(ledger.map((entry) => entry.tx)).size).toBe(2);
    expect(await ledgerOf(ministry.organisationId)).toEqual([]);
    const audited = await auditedRequests(names.map((name) => turn[name].requestId));
    expect(audited.get(turn.paying.requestId)).toEqual([second, third]);
    expect(audited.get(turn.exempt.requestId)).toEqual([second]);
    expect(audited.has(turn.stale.requestId)).toBe(false);
    expect(audited.has(turn.unknown.requestId)).toBe(false);
    // Each audit record names the organisation and purpose of its own request, never a neighbour's.
    const owners = await testDb.db
      .selectFrom('auditEvent')
      .select(['requestId', 'organisationId', 'purposeId', 'environment'])
      .where(
        'requestId',
        'in',
        names.map((name) => turn[name].requestId),
      )
      .execute();
    expect(owners.length).toBeGreaterThan(0);
    for (const owner of owners) {
      const request = names.map((name) => turn[name]).find((input) => input.requestId === owner.requestId);
      expect(owner).toEqual({
        requestId: request?.requestId,
        organisationId: request?.organisationId,
        purposeId: request?.purposeId,
        environment: request?.environment,
      });
    }
  });

  it('answers every request of a failed turn with its error and writes nothing for them', async () => {
    const bank = await customer({ prepaidCents: 100_000 });
    const deliver = createDeliveryQueue(testDb.db);
    const [first, second, third] = codes.production.slice(80, 83) as [string, string, string];
    const blocker = delivery(bank, [first]);
    // A day PostgreSQL cannot read fails the whole statement, which may not be repeated.
    const broken = { ...delivery(bank, [second]), day: '2026-02-31' };
    const sound = delivery(bank, [third]);
    const answers = await Promise.allSettled([blocker, broken, sound].map((input) => deliver(input)));

    expect(answers[0]).toMatchObject({ status: 'fulfilled', value: { isDelivered: true } });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { code: '22008' } });
    expect(answers[2]).toMatchObject({ status: 'rejected', reason: { code: '22008' } });
    expect((await ledgerOf(bank.organisationId)).map((entry) => entry.requestId)).toEqual([
      blocker.requestId,
    ]);
    const audited = await auditedRequests([broken.requestId, sound.requestId]);
    expect(audited.size).toBe(0);
    expect(await balanceOf(bank.organisationId)).toBe(100_000 - 200);
  });

  it('runs one delivery statement at a time: the next waits for the running one', async () => {
    const bank = await customer({ prepaidCents: 100_000 });
    const deliver = createDeliveryQueue(testDb.db);
    const [first, second] = codes.production.slice(90, 92) as [string, string];
    const answers: Array<Promise<CodesDeliveryOutcome>> = [];
    await testDb.db.transaction().execute(async (trx) => {
      // Every statement that charges this organisation now waits for these row locks.
      await sql`SELECT 1 FROM account_balance WHERE organisation_id = ${bank.organisationId} FOR UPDATE`.execute(
        trx,
      );
      answers.push(deliver(delivery(bank, [first])));
      expect(await waitingDeliveries(() => false)).toBe(1);
      answers.push(deliver(delivery(bank, [second])));
      // Had it been sent, it would wait on the same locks beside the first.
      expect(await waitingDeliveries((count) => count > 1)).toBe(1);
    });
    for (const answer of await Promise.all(answers)) expect(answer.isDelivered).toBe(true);
    expect(new Set((await ledgerOf(bank.organisationId)).map((entry) => entry.tx)).size).toBe(2);
  });

  it('sends a request of many codes at once, without waiting for the turn', async () => {
    const blocked = await customer({ prepaidCents: 100_000 });
    const bank = await customer({ prepaidCents: 100_000 });
    const deliver = createDeliveryQueue(testDb.db);
    const many = codes.production.slice(50, 70);
    let single: Promise<CodesDeliveryOutcome> | undefined;
    await testDb.db.transaction().execute(async (trx) => {
      // The single request's debit waits for these row locks, and so it holds the only turn.
      await sql`SELECT 1 FROM account_balance WHERE organisation_id = ${blocked.organisationId} FOR UPDATE`.execute(
        trx,
      );
      let settled = false;
      single = deliver(delivery(blocked, [codes.production[49] as string]));
      void single.finally(() => {
        settled = true;
      });
      const batch = await deliver(delivery(bank, many));
      expect(deliveredCodes(batch)).toEqual(many);
      expect(settled).toBe(false);
    });
    expect((await single)?.isDelivered).toBe(true);
  });
});
