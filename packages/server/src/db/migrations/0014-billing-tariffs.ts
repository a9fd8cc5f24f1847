import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// Tariffs beyond the state fee (DOMAIN §6): environment subscriptions in bands of system users (test
// and production priced apart), monitoring in bands of persons monitored, one-off fees, and the VAT
// rate; plus the billing settings (due days, automatic suspension), each change a new row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await widenTariffs(db);
  await seedTariffs(db);
  await createBillingSettings(db);
}

async function widenTariffs(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tariff DROP CONSTRAINT tariff_no_overlap, DROP CONSTRAINT tariff_kind_check`.execute(
    db,
  );
  // A band is an inclusive range of counts priced as a whole month (band_to null: and above). The
  // VAT rate is in basis points (2100 = 21 %) and has no amount. Amounts from outside any legal act
  // are kept but flagged unverified, so the administrator's screens can say so.
  await sql`
    ALTER TABLE tariff
      ALTER COLUMN amount_cents DROP NOT NULL,
      ADD COLUMN environment text CHECK (environment IN ('test', 'production')),
      ADD COLUMN band_from integer CHECK (band_from >= 1),
      ADD COLUMN band_to integer,
      ADD COLUMN rate_basis_points integer CHECK (rate_basis_points BETWEEN 0 AND 10000),
      ADD COLUMN is_verified boolean NOT NULL DEFAULT true,
      ADD CONSTRAINT tariff_kind_check CHECK (kind IN ('stateFeePerPerson', 'environmentSubscription',
        'monitoringSubscription', 'connectionSetUp', 'newUser', 'vatRate')),
      ADD CONSTRAINT tariff_shape CHECK (
        (kind = 'vatRate') = (rate_basis_points IS NOT NULL)
        AND (kind = 'vatRate') = (amount_cents IS NULL)
        AND (kind = 'environmentSubscription') = (environment IS NOT NULL)
        AND (kind IN ('environmentSubscription', 'monitoringSubscription')) = (band_from IS NOT NULL)
        AND (band_to IS NULL OR (band_from IS NOT NULL AND band_to >= band_from))),
      ADD CONSTRAINT tariff_no_overlap EXCLUDE USING gist (
        kind WITH =,
        (coalesce(environment, '')) WITH =,
        int4range(coalesce(band_from, 0), band_to, '[]') WITH &&,
        daterange(valid_from, valid_to, '[]') WITH &&)`.execute(db);
}

async function seedTariffs(db: Kysely<unknown>): Promise<void> {
  const unverified = 'Operator-configured placeholder (MK 515/2023 amounts not verified)';
  await sql`
    INSERT INTO tariff (kind, environment, band_from, band_to, amount_cents, valid_from, note, is_verified) VALUES
      ('environmentSubscription', 'test', 1, 5, 2000, '2021-06-28', ${unverified}, false),
      ('environmentSubscription', 'test', 6, 20, 5000, '2021-06-28', ${unverified}, false),
      ('environmentSubscription', 'test', 21, NULL, 10000, '2021-06-28', ${unverified}, false),
      ('environmentSubscription', 'production', 1, 5, 6000, '2021-06-28', ${unverified}, false),
      ('environmentSubscription', 'production', 6, 20, 15000, '2021-06-28', ${unverified}, false),
      ('environmentSubscription', 'production', 21, NULL, 30000, '2021-06-28', ${unverified}, false),
      ('monitoringSubscription', NULL, 1, 1000, 3000, '2021-06-28', ${unverified}, false),
      ('monitoringSubscription', NULL, 1001, 10000, 12000, '2021-06-28', ${unverified}, false),
      ('monitoringSubscription', NULL, 10001, 100000, 40000, '2021-06-28', ${unverified}, false),
      ('monitoringSubscription', NULL, 100001, NULL, 100000, '2021-06-28', ${unverified}, false),
      ('connectionSetUp', NULL, NULL, NULL, 24512, '2021-06-28',
        'Set-up of a test or production connection: old PMLP price list (illustrative)', false),
      ('newUser', NULL, NULL, NULL, 2378, '2021-06-28',
        'A new system or PDP user: old PMLP price list (illustrative)', false)`.execute(db);
  await sql`
    INSERT INTO tariff (kind, rate_basis_points, valid_from, note)
    VALUES ('vatRate', 2100, '2021-06-28', 'Value Added Tax Law, Section 41: standard rate 21 %')`.execute(
    db,
  );
}

async function createBillingSettings(db: Kysely<unknown>): Promise<void> {
  // The newest row is in force; older rows are the history of who changed what, when and why.
  await sql`
    CREATE TABLE billing_setting (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      invoice_due_days integer NOT NULL CHECK (invoice_due_days BETWEEN 1 AND 365),
      is_automatic_suspension_enabled boolean NOT NULL,
      suspension_overdue_days integer NOT NULL CHECK (suspension_overdue_days BETWEEN 1 AND 365),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      created_by uuid REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TRIGGER billing_setting_append_only BEFORE UPDATE OR DELETE ON billing_setting
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  await sql`
    INSERT INTO billing_setting (invoice_due_days, is_automatic_suspension_enabled, suspension_overdue_days, reason)
    VALUES (30, false, 30, 'Initial settings: invoices due in 30 days; automatic suspension off')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS billing_setting`.execute(db);
}
