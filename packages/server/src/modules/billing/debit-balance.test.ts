import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { topUp } from '../../../test/persons-fixtures';
import type { Db } from '../../db/database';
import { balanceOf } from './state-fee';

// `debit_balance` (migration 0025): the fast path claims a slot with a tried advisory lock and
// takes the money with one guarded UPDATE, without a subtransaction.
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 10 });
});
afterAll(async () => testDb.drop());

async function debit(db: Db, organisationId: string, amountCents: number): Promise<number | null> {
  const result = await sql<{ balance: string | null }>`
    SELECT debit_balance(${organisationId}::uuid, ${amountCents}::bigint)::text AS balance`.execute(db);
  const balance = result.rows[0]?.balance ?? null;
  return balance === null ? null : Number(balance);
}

async function slotsOf(organisationId: string): Promise<number[]> {
  const rows = await testDb.db
    .selectFrom('accountBalance')
    .select('balanceCents')
    .where('organisationId', '=', organisationId)
    .orderBy('slot')
    .execute();
  return rows.map((row) => Number(row.balanceCents));
}

/** Resolves once another session waits for a row lock (the debit under test is blocked). */
async function lockWaiter(): Promise<void> {
  for (;;) {
    const waiting = await sql<{ count: string }>`
      SELECT count(*)::text AS count FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(testDb.db);
    if (Number(waiting.rows[0]?.count ?? 0) > 0) return;
    await sql`SELECT pg_sleep(0.01)`.execute(testDb.db);
  }
}

describe('debit_balance', () => {
  it('takes a charge without opening a subtransaction', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(testDb.db, organisation.id, 1_600);
    const subtransactions = await testDb.db.transaction().execute(async (trx) => {
      expect(await debit(trx, organisation.id, 50)).toBe(1_550);
      // The backend's cached subtransaction ids: the old debit's EXCEPTION block left one here.
      const result = await sql<{ count: number }>`
        SELECT s.subxact_count AS count
        FROM pg_stat_get_backend_idset() AS b (id), pg_stat_get_backend_subxact(b.id) AS s
        WHERE pg_stat_get_backend_pid(b.id) = pg_backend_pid()`.execute(trx);
      return result.rows[0]?.count;
    });
    expect(subtransactions).toBe(0);
    expect(await balanceOf(testDb.db, organisation.id)).toBe(1_550);
  });

  it('lets a concurrent charge take another slot without waiting for the first to commit', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(testDb.db, organisation.id, 1_600);
    await testDb.db.transaction().execute(async (first) => {
      expect(await debit(first, organisation.id, 30)).toBe(1_570);
      // Still open: its slot is claimed, so this charge must find another one at once.
      expect(await debit(testDb.db, organisation.id, 20)).toBe(1_580);
    });
    const slots = await slotsOf(organisation.id);
    expect(slots.filter((cents) => cents === 70)).toHaveLength(1);
    expect(slots.filter((cents) => cents === 80)).toHaveLength(1);
    expect(slots.filter((cents) => cents === 100)).toHaveLength(14);
  });

  it('refuses a charge whose slot a concurrent large charge drained meanwhile, never going below zero', async () => {
    const organisation = await createOrganisation(testDb.db);
    await topUp(testDb.db, organisation.id, 1_600);
    let blocked: Promise<number | null> | undefined;
    await testDb.db.transaction().execute(async (large) => {
      // 1,550 cents: no slot holds that much, so it locks every slot and takes it across them.
      expect(await debit(large, organisation.id, 1_550)).toBe(50);
      // Every slot still shows 100 cents to others; this charge picks one and waits for its lock.
      blocked = debit(testDb.db, organisation.id, 60);
      await lockWaiter();
    });
    // The slot it picked was drained: its update takes nothing, and the whole balance (50) is short.
    expect(await blocked).toBeNull();
    expect(await balanceOf(testDb.db, organisation.id)).toBe(50);
    expect((await slotsOf(organisation.id)).every((cents) => cents >= 0)).toBe(true);
  });
});
