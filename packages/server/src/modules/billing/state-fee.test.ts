import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { Db } from '../../db/database';
import { isProblemError } from '../../http/problem';
import { appendCredit } from './ledger.repository';
import { balanceOf, chargeStateFee, stateFeePerPerson } from './state-fee';

let testDb: TestDatabase;
let accountantId: string;
const at = new Date('2026-03-10T10:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 60 });
  accountantId = (await createUser(testDb.db, { role: 'accountant' })).id;
});
afterAll(async () => testDb.drop());

async function topUp(organisationId: string, amountCents: number): Promise<void> {
  await appendCredit(testDb.db, {
    organisationId,
    amountCents,
    paymentReference: 'RF18 5390 0754 7034',
    receivedOn: '2026-03-09',
    idempotencyKey: null,
    createdBy: accountantId,
    at,
  });
}

function charge(db: Db, organisationId: string, persons: number, requestId = `req-${Math.random()}`) {
  return chargeStateFee(db, { organisationId, environment: 'production', persons, requestId, at });
}

async function ledgerOf(organisationId: string) {
  return testDb.db
    .selectFrom('ledgerEntry')
    .select(['kind', 'amountCents', 'balanceAfterCents', 'requestId', 'persons', 'createdBy'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

/** The invariant: the balance row equals the sum of the entries and the last entry's running balance. */
/** Balance = ledger sum; after sequential writes the newest entry also shows that balance. */
async function expectConsistent(
  organisationId: string,
  balanceCents: number,
  isSequential = true,
): Promise<void> {
  const sum = await testDb.db
    .selectFrom('ledgerEntry')
    .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('total'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  const entries = await ledgerOf(organisationId);
  expect(await balanceOf(testDb.db, organisationId)).toBe(balanceCents);
  expect(Number(sum.total)).toBe(balanceCents);
  if (isSequential) expect(Number(entries.at(-1)?.balanceAfterCents ?? 0)).toBe(balanceCents);
}

describe('chargeStateFee', () => {
  it('takes the tariff per person in production and records the request and the persons', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 1_000);
    const result = await testDb.db.transaction().execute((trx) => charge(trx, organisation.id, 3, 'req-abc'));
    expect(result).toEqual({ persons: 3, amountCents: 600, balanceCents: 400 });
    expect((await ledgerOf(organisation.id)).at(-1)).toEqual({
      kind: 'charge',
      amountCents: '-600',
      balanceAfterCents: '400',
      requestId: 'req-abc',
      persons: 3,
      createdBy: null,
    });
    await expectConsistent(organisation.id, 400);
  });

  it('refuses with 402 and the required and available cents, changing nothing', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 500);
    const refusal = await charge(testDb.db, organisation.id, 3).catch((error: unknown) => error);
    expect(isProblemError(refusal)).toBe(true);
    if (!isProblemError(refusal)) return;
    expect(refusal.code).toBe('insufficientBalance');
    expect(refusal.details.extensions).toEqual({ requiredCents: 600, balanceCents: 500 });
    expect(await ledgerOf(organisation.id)).toHaveLength(1);
    await expectConsistent(organisation.id, 500);
  });

  it('refuses an organisation that never topped up with a balance of 0', async () => {
    const organisation = await createOrganisation(testDb.db);
    const refusal = await charge(testDb.db, organisation.id, 1).catch((error: unknown) => error);
    expect(isProblemError(refusal) && refusal.details.extensions).toEqual({
      requiredCents: 200,
      balanceCents: 0,
    });
    expect(await ledgerOf(organisation.id)).toEqual([]);
  });

  it('never charges the test environment, a fee-exempt organisation or zero persons', async () => {
    const company = await createOrganisation(testDb.db);
    const ministry = await createOrganisation(testDb.db, { feeExemptionReason: 'State institution' });
    await topUp(company.id, 1_000);
    await topUp(ministry.id, 1_000);
    const inTest = await chargeStateFee(testDb.db, {
      organisationId: company.id,
      environment: 'test',
      persons: 5,
      requestId: 'req-test',
      at,
    });
    expect(inTest).toBeNull();
    expect(await charge(testDb.db, ministry.id, 5)).toBeNull();
    expect(await charge(testDb.db, company.id, 0)).toBeNull();
    // Even without any balance the exempt organisation and the test environment are served.
    const poorMinistry = await createOrganisation(testDb.db, { feeExemptionReason: 'Municipality' });
    expect(await charge(testDb.db, poorMinistry.id, 100)).toBeNull();
    expect((await ledgerOf(company.id)).map((entry) => entry.kind)).toEqual(['topUp']);
    expect((await ledgerOf(ministry.id)).map((entry) => entry.kind)).toEqual(['topUp']);
    expect(await ledgerOf(poorMinistry.id)).toEqual([]);
  });

  it('lets exactly as many of 50 concurrent charges through as the balance covers', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 30 * 200);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        testDb.db.transaction().execute((trx) => charge(trx, organisation.id, 1, `req-${index}`)),
      ),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(succeeded).toHaveLength(30);
    expect(refused).toHaveLength(20);
    expect(refused.every((error) => isProblemError(error) && error.code === 'insufficientBalance')).toBe(
      true,
    );
    const entries = await ledgerOf(organisation.id);
    expect(entries.filter((entry) => entry.kind === 'charge')).toHaveLength(30);
    // Concurrent charges take different balance slots, so each entry shows the balance as its own
    // transaction left it; none is negative, and together they spent exactly the 6,000 cents.
    const charges = entries.filter((entry) => entry.kind === 'charge');
    expect(charges.every((entry) => Number(entry.balanceAfterCents) >= 0)).toBe(true);
    await expectConsistent(organisation.id, 0, false);
  });

  it('spreads a top-up over the balance slots and takes a charge larger than any slot from several', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 1_000);
    const slots = await testDb.db
      .selectFrom('accountBalance')
      .select(['slot', 'balanceCents'])
      .where('organisationId', '=', organisation.id)
      .orderBy('slot')
      .execute();
    expect(slots.map((slot) => Number(slot.balanceCents))).toEqual([
      70, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62, 62,
    ]);
    // 400 cents: no slot holds that much, so the charge waits for all slots and takes it across them.
    await testDb.db.transaction().execute((trx) => charge(trx, organisation.id, 2, 'across-slots'));
    await expectConsistent(organisation.id, 600);
    await expect(
      testDb.db.transaction().execute((trx) => charge(trx, organisation.id, 4, 'too-much')),
    ).rejects.toMatchObject({ code: 'insufficientBalance' });
    await expectConsistent(organisation.id, 600);
  });

  it('keeps the ledger consistent under concurrent charges, top-ups of different sizes', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 2_000);
    const work = Array.from({ length: 40 }, (_, index) =>
      index % 10 === 0
        ? topUp(organisation.id, 1_000)
        : testDb.db.transaction().execute((trx) => charge(trx, organisation.id, (index % 3) + 1)),
    );
    await Promise.allSettled(work);
    const balance = await balanceOf(testDb.db, organisation.id);
    expect(balance).toBeGreaterThanOrEqual(0);
    await expectConsistent(organisation.id, balance);
  });

  it('uses the tariff of the delivery day', async () => {
    const organisation = await createOrganisation(testDb.db);
    expect(
      await stateFeePerPerson(testDb.db, { organisationId: organisation.id, environment: 'production', at }),
    ).toBe(200);
    expect(
      await stateFeePerPerson(testDb.db, { organisationId: organisation.id, environment: 'test', at }),
    ).toBe(0);
    // Before the first tariff there is no fee to compute: refused rather than delivered for free.
    await topUp(organisation.id, 1_000);
    const early = chargeStateFee(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
      persons: 1,
      requestId: 'req-early',
      at: new Date('2021-06-27T12:00:00Z'),
    });
    await expect(early).rejects.toThrow(/no state-fee tariff/);
    expect((await ledgerOf(organisation.id)).map((entry) => entry.kind)).toEqual(['topUp']);
  });
});

describe('the ledger in the database', () => {
  it('refuses to update, delete or truncate ledger entries', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 700);
    await expect(sql`UPDATE ledger_entry SET amount_cents = 1000000`.execute(testDb.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sql`DELETE FROM ledger_entry WHERE organisation_id = ${organisation.id}`.execute(testDb.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ledger_entry`.execute(testDb.db)).rejects.toThrow(/append-only/);
    expect(await ledgerOf(organisation.id)).toHaveLength(1);
  });

  it('never lets a balance row go below zero, whatever writes it', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(organisation.id, 100);
    await expect(
      sql`UPDATE account_balance SET balance_cents = -1 WHERE organisation_id = ${organisation.id}`.execute(
        testDb.db,
      ),
    ).rejects.toThrow(/check constraint/);
    expect(await balanceOf(testDb.db, organisation.id)).toBe(100);
  });
});
