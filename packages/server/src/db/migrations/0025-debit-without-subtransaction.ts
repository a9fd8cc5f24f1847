import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// `debit_balance` (migration 0018) chose its slot with FOR UPDATE SKIP LOCKED inside an EXCEPTION
// block: a subtransaction on every charge (its own transaction id for the slot's update, which
// every later reader of that row resolves through pg_subtrans), and two writes to the slot's row
// (the row lock, then the update). The block was there because FOR UPDATE could keep a lock on a
// slot that it then found drained, and a stray row lock carried into the slow path could deadlock.
// Now the fast path claims a slot with a transaction-level advisory lock, tried and never waited
// for, and takes the money with one guarded UPDATE: a slot drained in the meantime updates no row
// and locks nothing, so the slow path starts holding no row lock, as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION debit_balance(organisation uuid, amount bigint) RETURNS bigint
    LANGUAGE plpgsql AS $$
    DECLARE
      -- Concurrent charges start at different slots, so they rarely try the same one.
      start smallint := floor(random() * 16);
      candidate smallint;
      chosen smallint;
      total bigint;
      remaining bigint := amount;
      taken bigint;
      held record;
    BEGIN
      IF amount <= 0 THEN
        RAISE EXCEPTION 'a debit takes a positive amount, not %', amount;
      END IF;
      -- Fast path: a slot that covers the amount and that no concurrent charge has claimed. The
      -- two-key advisory locks (organisation, slot) live apart from the one-key locks used elsewhere.
      FOR candidate IN SELECT slot FROM account_balance
          WHERE organisation_id = organisation AND balance_cents >= amount
          ORDER BY (slot + 16 - start) % 16 LOOP
        CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtext(organisation::text), candidate);
        UPDATE account_balance SET balance_cents = balance_cents - amount
          WHERE organisation_id = organisation AND slot = candidate AND balance_cents >= amount
          RETURNING slot INTO chosen;
        EXIT;
      END LOOP;
      -- Slow path, when no free slot covers it (a large amount, a nearly spent balance, every slot
      -- claimed, or the claimed slot drained by a slow path meanwhile): wait for all slots in slot
      -- order and take the amount across them.
      IF chosen IS NULL THEN
        PERFORM 1 FROM account_balance WHERE organisation_id = organisation ORDER BY slot FOR UPDATE;
        SELECT coalesce(sum(balance_cents), 0) INTO total FROM account_balance WHERE organisation_id = organisation;
        IF total < amount THEN
          RETURN NULL;
        END IF;
        FOR held IN SELECT slot, balance_cents FROM account_balance
            WHERE organisation_id = organisation AND balance_cents > 0 ORDER BY slot LOOP
          taken := least(held.balance_cents, remaining);
          UPDATE account_balance SET balance_cents = balance_cents - taken
            WHERE organisation_id = organisation AND slot = held.slot;
          remaining := remaining - taken;
          EXIT WHEN remaining = 0;
        END LOOP;
      END IF;
      SELECT sum(balance_cents) INTO total FROM account_balance WHERE organisation_id = organisation;
      RETURN total;
    END $$`.execute(db);
}

/** The debit of migration 0018, with its subtransaction. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION debit_balance(organisation uuid, amount bigint) RETURNS bigint
    LANGUAGE plpgsql AS $$
    DECLARE
      chosen smallint;
      total bigint;
      remaining bigint := amount;
      taken bigint;
      held record;
    BEGIN
      IF amount <= 0 THEN
        RAISE EXCEPTION 'a debit takes a positive amount, not %', amount;
      END IF;
      BEGIN
        SELECT slot INTO chosen FROM account_balance
          WHERE organisation_id = organisation AND balance_cents >= amount
          ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF chosen IS NULL THEN
          RAISE EXCEPTION USING ERRCODE = 'FB001';
        END IF;
        UPDATE account_balance SET balance_cents = balance_cents - amount
          WHERE organisation_id = organisation AND slot = chosen;
      EXCEPTION WHEN SQLSTATE 'FB001' THEN
        chosen := NULL;
      END;
      IF chosen IS NULL THEN
        PERFORM 1 FROM account_balance WHERE organisation_id = organisation ORDER BY slot FOR UPDATE;
        SELECT coalesce(sum(balance_cents), 0) INTO total FROM account_balance WHERE organisation_id = organisation;
        IF total < amount THEN
          RETURN NULL;
        END IF;
        FOR held IN SELECT slot, balance_cents FROM account_balance
            WHERE organisation_id = organisation AND balance_cents > 0 ORDER BY slot LOOP
          taken := least(held.balance_cents, remaining);
          UPDATE account_balance SET balance_cents = balance_cents - taken
            WHERE organisation_id = organisation AND slot = held.slot;
          remaining := remaining - taken;
          EXIT WHEN remaining = 0;
        END LOOP;
      END IF;
      SELECT sum(balance_cents) INTO total FROM account_balance WHERE organisation_id = organisation;
      RETURN total;
    END $$`.execute(db);
}
