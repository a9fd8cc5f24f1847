import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// Monthly invoices and credit notes (one number sequence per year, no gaps), their lines, payments
// received against them, and the connections suspended because an invoice went unpaid.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createInvoices(db);
  await createPayments(db);
  await createSuspensions(db);
}

async function createInvoices(db: Kysely<unknown>): Promise<void> {
  // The last number given in a year; its row lock, held until commit, is what keeps numbers gap-free.
  await sql`
    CREATE TABLE invoice_number_counter (
      year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
      last_number integer NOT NULL CHECK (last_number >= 0)
    )`.execute(db);
  // The organisation's name and number are copied: an issued document never changes with its master data.
  await sql`
    CREATE TABLE invoice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE CHECK (number ~ '^FPR-[0-9]{4}-[0-9]{6}$'),
      kind text NOT NULL CHECK (kind IN ('invoice', 'creditNote')),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      organisation_name text NOT NULL,
      organisation_registration_number text NOT NULL,
      period_month date NOT NULL CHECK (extract(day FROM period_month) = 1),
      credited_invoice_id uuid REFERENCES invoice (id),
      issued_on date NOT NULL,
      due_on date NOT NULL CHECK (due_on >= issued_on),
      net_cents bigint NOT NULL,
      vat_cents bigint NOT NULL,
      total_cents bigint NOT NULL CHECK (total_cents = net_cents + vat_cents),
      reason text,
      created_by uuid REFERENCES app_user (id),
      created_at timestamptz NOT NULL,
      CHECK ((kind = 'creditNote') = (credited_invoice_id IS NOT NULL)),
      CHECK ((kind = 'creditNote') = (reason IS NOT NULL)),
      CHECK ((kind = 'invoice' AND net_cents > 0) OR (kind = 'creditNote' AND net_cents < 0))
    )`.execute(db);
  // Running the month twice (or twice at once) cannot make a second invoice: the index refuses it.
  await sql`
    CREATE UNIQUE INDEX invoice_one_per_month ON invoice (organisation_id, period_month)
    WHERE kind = 'invoice'`.execute(db);
  await sql`CREATE INDEX invoice_organisation ON invoice (organisation_id, issued_on)`.execute(db);
  await sql`CREATE INDEX invoice_credited ON invoice (credited_invoice_id) WHERE credited_invoice_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE invoice_line (
      invoice_id uuid NOT NULL REFERENCES invoice (id),
      position integer NOT NULL CHECK (position >= 1),
      kind text NOT NULL CHECK (kind IN
        ('environmentSubscription', 'monitoringSubscription', 'connectionSetUp', 'newUser')),
      environment text CHECK (environment IN ('test', 'production')),
      description text NOT NULL,
      -- Users or persons counted for a subscription line; null for one-off fees.
      counted integer CHECK (counted >= 0),
      quantity integer NOT NULL,
      unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
      net_cents bigint NOT NULL,
      vat_rate_basis_points integer NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
      vat_cents bigint NOT NULL,
      total_cents bigint NOT NULL CHECK (total_cents = net_cents + vat_cents),
      tariff_id bigint REFERENCES tariff (id),
      -- On a credit note: the line of the credited invoice it reverses.
      credited_position integer,
      PRIMARY KEY (invoice_id, position)
    )`.execute(db);
  for (const table of ['invoice', 'invoice_line']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_immutable`)} BEFORE UPDATE OR DELETE ON ${sql.id(table)}
      FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  }
}

async function createPayments(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE invoice_payment (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES invoice (id),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      paid_on date NOT NULL,
      payment_reference text NOT NULL CHECK (length(payment_reference) BETWEEN 1 AND 140),
      recorded_by uuid NOT NULL REFERENCES app_user (id),
      recorded_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX invoice_payment_invoice ON invoice_payment (invoice_id)`.execute(db);
  await sql`
    CREATE TRIGGER invoice_payment_append_only BEFORE UPDATE OR DELETE ON invoice_payment
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
}

async function createSuspensions(db: Kysely<unknown>): Promise<void> {
  // Only connections suspended for an unpaid invoice are restored automatically once it is paid.
  await sql`
    CREATE TABLE billing_suspension (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      connection_id uuid NOT NULL REFERENCES connection (id),
      invoice_id uuid NOT NULL REFERENCES invoice (id),
      suspended_at timestamptz NOT NULL,
      restored_at timestamptz,
      CHECK (restored_at IS NULL OR restored_at >= suspended_at)
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX billing_suspension_open ON billing_suspension (connection_id)
    WHERE restored_at IS NULL`.execute(db);
  // The one change allowed: recording when an open suspension ended.
  await sql`
    CREATE FUNCTION guard_billing_suspension_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.restored_at IS NULL AND NEW.restored_at IS NOT NULL
         AND (to_jsonb(NEW) - 'restored_at') = (to_jsonb(OLD) - 'restored_at') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'billing_suspension history is kept (only an open suspension may be ended)'
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER billing_suspension_history_kept BEFORE UPDATE ON billing_suspension
    FOR EACH ROW EXECUTE FUNCTION guard_billing_suspension_update()`.execute(db);
  await sql`
    CREATE TRIGGER billing_suspension_no_delete BEFORE DELETE ON billing_suspension
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS billing_suspension, invoice_payment, invoice_line, invoice, invoice_number_counter`.execute(
    db,
  );
  await sql`DROP FUNCTION IF EXISTS guard_billing_suspension_update`.execute(db);
}
