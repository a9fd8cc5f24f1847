import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The prepaid state fee (DOMAIN §6): effective-dated tariffs, the append-only ledger with its balance
// row, and the stored answers of idempotent requests (API §1).
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTariffs(db);
  await createLedger(db);
  await createIdempotencyRecords(db);
}

async function createTariffs(db: Kysely<unknown>): Promise<void> {
  // Text equality inside a GiST exclusion constraint needs btree_gist (a trusted extension).
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
  // One row per period of one kind of fee; later kinds (subscriptions) widen the named kind check.
  // valid_to is inclusive; null means open-ended. Periods of one kind never overlap.
  await sql`
    CREATE TABLE tariff (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CONSTRAINT tariff_kind_check CHECK (kind IN ('stateFeePerPerson')),
      amount_cents integer NOT NULL CHECK (amount_cents >= 0),
      valid_from date NOT NULL,
      valid_to date,
      note text NOT NULL CHECK (length(note) BETWEEN 1 AND 1000),
      created_by uuid REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to IS NULL OR valid_to >= valid_from),
      CONSTRAINT tariff_no_overlap
        EXCLUDE USING gist (kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
    )`.execute(db);
  // History is kept: a period is never removed, and the only change is closing an open period.
  await sql`
    CREATE FUNCTION guard_tariff_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
         AND (to_jsonb(NEW) - 'valid_to') = (to_jsonb(OLD) - 'valid_to') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'tariff history is kept (only an open period may be closed)'
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tariff_history_kept BEFORE UPDATE ON tariff
    FOR EACH ROW EXECUTE FUNCTION guard_tariff_update()`.execute(db);
  await sql`
    CREATE TRIGGER tariff_no_delete BEFORE DELETE ON tariff
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  await sql`
    INSERT INTO tariff (kind, amount_cents, valid_from, note)
    VALUES ('stateFeePerPerson', 200, '2021-06-28',
      'State fee per person delivered online: MK 06.07.2021 No. 485, items 2.6 and 6')`.execute(db);
}

async function createLedger(db: Kysely<unknown>): Promise<void> {
  // amount_cents is the signed effect on the balance: top-ups add, charges and refunds (money paid
  // back out of the prepaid balance) subtract, so the balance is the plain sum of the entries.
  await sql`
    CREATE TABLE ledger_entry (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      kind text NOT NULL CHECK (kind IN ('topUp', 'charge', 'refund')),
      amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
      balance_after_cents bigint NOT NULL CHECK (balance_after_cents >= 0),
      payment_reference text,
      received_on date,
      reason text,
      request_id text,
      persons integer CHECK (persons > 0),
      idempotency_key text,
      created_by uuid REFERENCES app_user (id),
      at timestamptz NOT NULL,
      CHECK ((kind = 'topUp') = (amount_cents > 0)),
      CHECK ((kind = 'topUp') = (payment_reference IS NOT NULL AND received_on IS NOT NULL)),
      CHECK ((kind = 'refund') = (reason IS NOT NULL)),
      CHECK ((kind = 'charge') = (request_id IS NOT NULL AND persons IS NOT NULL)),
      -- Charges are taken by the system; money in or out is recorded by a person.
      CHECK (kind = 'charge' OR created_by IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX ledger_entry_organisation ON ledger_entry (organisation_id, id)`.execute(db);
  await sql`
    CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  // The running sum of the ledger, updated in the same transaction as each entry; the CHECK is the
  // last word on "never below zero", whatever the application does.
  await sql`
    CREATE TABLE account_balance (
      organisation_id uuid PRIMARY KEY REFERENCES organisation (id),
      balance_cents bigint NOT NULL CHECK (balance_cents >= 0)
    )`.execute(db);
}

async function createIdempotencyRecords(db: Kysely<unknown>): Promise<void> {
  // `json`, not `jsonb`: a replay must return the original answer byte for byte, key order included.
  // The response columns are empty only inside the transaction that claimed the key.
  await sql`
    CREATE TABLE idempotency_record (
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
      fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
      response_status integer,
      response_body json,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_record_expiry ON idempotency_record (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS idempotency_record, account_balance, ledger_entry, tariff`.execute(db);
  await sql`DROP FUNCTION IF EXISTS guard_tariff_update`.execute(db);
}
