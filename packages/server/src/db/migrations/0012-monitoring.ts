import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The change feed of monitoring (API §5): who added and removed each subscription, the per-
// organisation fan-out of sealed change events, and which feed positions each organisation has
// already been delivered (so only the first delivery of a change is audited). ADR 0007.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE monitoring_subscription ADD COLUMN subscribed_by text, ADD COLUMN ended_by text`.execute(
    db,
  );
  // Every period of an organisation's person, open or closed: add, remove and reconcile find them.
  await sql`
    CREATE INDEX monitoring_subscription_organisation_idx
      ON monitoring_subscription (organisation_id, environment, person_id)`.execute(db);
  await createFanOut(db);
  await createDeliveredRanges(db);
}

/**
 * One row per change event and organisation that monitored its person when the event was
 * recorded, written when the event is sealed (in the sealing's transaction, so a reader that sees
 * a head sequence sees every row up to it). A feed page is then one range scan of this table.
 */
async function createFanOut(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE monitoring_change (
      organisation_id uuid NOT NULL,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      sequence bigint NOT NULL,
      change_event_id bigint NOT NULL,
      subscription_id bigint NOT NULL,
      purpose_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, environment, sequence)
    )`.execute(db);
  // Sealing sets only change_event.sequence (a guard trigger refuses any other update), so every
  // updated row is a newly sealed event. A subscription covers the events recorded inside its period.
  await sql`
    CREATE FUNCTION fan_out_sealed_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO monitoring_change (organisation_id, environment, sequence, change_event_id, subscription_id, purpose_id)
      SELECT s.organisation_id, s.environment, sealed.sequence, sealed.id, s.id, s.purpose_id
      FROM sealed
      CROSS JOIN LATERAL (
        SELECT id, organisation_id, environment, purpose_id FROM monitoring_subscription
        WHERE person_id = sealed.person_id AND environment = sealed.environment
          AND subscribed_at <= sealed.recorded_at
          AND (ended_at IS NULL OR ended_at > sealed.recorded_at)
          AND (end_date IS NULL OR (sealed.recorded_at AT TIME ZONE 'Europe/Riga')::date <= end_date)
        -- OFFSET 0 keeps this a per-event probe of the person index: joined flat, a large sealing
        -- would be planned as a hash join over every subscription.
        OFFSET 0) s
      WHERE sealed.sequence IS NOT NULL
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER change_event_fan_out AFTER UPDATE ON change_event
    REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION fan_out_sealed_changes()`.execute(db);
}

/** Feed positions (from, through] an organisation has read; adjacent ranges are merged on write. */
async function createDeliveredRanges(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE monitoring_delivery (
      organisation_id uuid NOT NULL,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      from_sequence bigint NOT NULL CHECK (from_sequence >= 0),
      through_sequence bigint NOT NULL,
      PRIMARY KEY (organisation_id, environment, from_sequence),
      CHECK (through_sequence > from_sequence)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER change_event_fan_out ON change_event`.execute(db);
  await sql`DROP FUNCTION fan_out_sealed_changes`.execute(db);
  await sql`DROP TABLE monitoring_delivery, monitoring_change`.execute(db);
  await sql`DROP INDEX monitoring_subscription_organisation_idx`.execute(db);
  await sql`ALTER TABLE monitoring_subscription DROP COLUMN subscribed_by, DROP COLUMN ended_by`.execute(db);
}
