import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// Who set or removed a calendar override, when and why: an override moves every open request's
// deadline, so the change must be traceable after the override row itself is edited or gone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_override_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      day date NOT NULL,
      action text NOT NULL CHECK (action IN ('set', 'removed')),
      kind text NOT NULL CHECK (kind IN ('workingDay', 'holiday')),
      note text NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user (id),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX calendar_override_event_day ON calendar_override_event (day, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS calendar_override_event`.execute(db);
}
