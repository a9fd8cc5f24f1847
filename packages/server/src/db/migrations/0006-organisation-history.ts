import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// Who registered an organisation or changed its fee exemption, when and why.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisation_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      action text NOT NULL CHECK (action IN ('registered', 'feeExemptionGranted', 'feeExemptionEnded')),
      actor_user_id uuid REFERENCES app_user (id),
      reason text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX organisation_event_organisation ON organisation_event (organisation_id, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS organisation_event`.execute(db);
}
