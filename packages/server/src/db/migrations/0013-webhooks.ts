import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A monitoring webhook is an optional nudge per organisation and environment: after new changes
// the server POSTs the feed's head, signed with the organisation's secret. The secret must be read
// back to sign, so it is sealed (AES-256-GCM under a key outside the database), never stored plain.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE monitoring_webhook (
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      url text NOT NULL,
      sealed_secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- Failed attempts in a row and the last attempt: new changes for a receiver that is down wait
      -- out the back-off instead of restarting it.
      consecutive_failures integer NOT NULL DEFAULT 0,
      last_attempt_at timestamptz,
      PRIMARY KEY (organisation_id, environment)
    )`.execute(db);
  // Who set or removed a webhook, and when: a system client or a person, never neither.
  await sql`
    CREATE TABLE monitoring_webhook_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      action text NOT NULL CHECK (action IN ('set', 'removed')),
      url text,
      actor_user_id uuid REFERENCES app_user (id),
      actor_client_id text,
      at timestamptz NOT NULL DEFAULT now(),
      CHECK ((actor_user_id IS NULL) <> (actor_client_id IS NULL)),
      CHECK ((action = 'set') = (url IS NOT NULL))
    )`.execute(db);
  await sql`
    CREATE INDEX monitoring_webhook_event_organisation_idx
      ON monitoring_webhook_event (organisation_id, environment, id)`.execute(db);
  // Every delivery attempt's outcome, for the portal.
  await sql`
    CREATE TABLE monitoring_webhook_delivery (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      url text NOT NULL,
      head_sequence bigint NOT NULL,
      attempt integer NOT NULL CHECK (attempt >= 1),
      attempted_at timestamptz NOT NULL,
      duration_ms integer NOT NULL CHECK (duration_ms >= 0),
      status_code integer,
      error text,
      is_delivered boolean NOT NULL,
      CHECK (is_delivered = (error IS NULL))
    )`.execute(db);
  await sql`
    CREATE INDEX monitoring_webhook_delivery_organisation_idx
      ON monitoring_webhook_delivery (organisation_id, environment, id)`.execute(db);
  // How far the fan-out has looked at sealed change events. It starts at the current head, so an
  // existing register does not nudge anyone for its past.
  await sql`
    CREATE TABLE monitoring_webhook_fan_out (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_sequence bigint NOT NULL
    )`.execute(db);
  await sql`
    INSERT INTO monitoring_webhook_fan_out (id, last_sequence)
    SELECT 1, last_sequence FROM feed_sequencer WHERE id = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE monitoring_webhook_fan_out, monitoring_webhook_delivery, monitoring_webhook_event,
      monitoring_webhook`.execute(db);
}
