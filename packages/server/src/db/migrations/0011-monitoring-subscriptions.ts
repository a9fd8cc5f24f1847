import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A subscription is one period during which an organisation monitored one person in one
// environment. Periods are never rewritten: removing a person ends the open period, subscribing
// again opens a new one. The feed delivers only changes recorded inside a period, and billing
// counts the distinct persons whose periods touch a month, so both read this one table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE monitoring_subscription (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      purpose_id uuid NOT NULL REFERENCES purpose (id),
      person_id bigint NOT NULL REFERENCES person (id),
      subscribed_at timestamptz NOT NULL DEFAULT now(),
      -- The last day the requester asked to monitor (inclusive), if it gave one.
      end_date date,
      -- When the period was closed by a removal; an end_date that passed closes it without a write.
      ended_at timestamptz,
      CHECK (ended_at IS NULL OR ended_at >= subscribed_at)
    )`.execute(db);
  // At most one open period per organisation, environment and person.
  await sql`
    CREATE UNIQUE INDEX monitoring_subscription_open_idx
      ON monitoring_subscription (organisation_id, environment, person_id) WHERE ended_at IS NULL`.execute(
    db,
  );
  // Fan-out from a change event to the organisations monitoring its person.
  await sql`CREATE INDEX monitoring_subscription_person_idx ON monitoring_subscription (person_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE monitoring_subscription`.execute(db);
}
