import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE person (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      personal_code text NOT NULL CHECK (personal_code ~ '^\\d{6}-\\d{5}$'),
      -- A code changes at most once (old format to 32…), so one column holds the previous one.
      previous_personal_code text CHECK (previous_personal_code ~ '^\\d{6}-\\d{5}$'),
      given_names text NOT NULL,
      surname text NOT NULL,
      search_given_names text NOT NULL,
      search_surname text NOT NULL,
      sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
      birth_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'deceased', 'excluded')),
      declared_address_code text,
      version integer NOT NULL CHECK (version >= 1),
      data jsonb NOT NULL,
      -- The event that made the current version (none for a seeded version 1).
      change_event_id bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    ) WITH (fillfactor = 85, toast_tuple_target = 8160)`.execute(db);
  // Records (about 1.6 kB of JSONB) stay inline and uncompressed: pglz on every write cost more CPU
  // (seed: 102 s against 87 s for a million persons) than the 25 % larger tables cost reads.
  await sql`
    CREATE TABLE person_version (
      person_id bigint NOT NULL REFERENCES person (id),
      version integer NOT NULL,
      personal_code text NOT NULL,
      data jsonb NOT NULL,
      change_event_id bigint,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, version)
    ) WITH (toast_tuple_target = 8160)`.execute(db);
  await sql`
    CREATE TABLE change_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      person_id bigint NOT NULL REFERENCES person (id),
      personal_code text NOT NULL,
      previous_personal_code text,
      version integer NOT NULL,
      type text NOT NULL,
      changed_scopes text[] NOT NULL,
      effective_date date NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      sequence bigint UNIQUE,
      details jsonb NOT NULL DEFAULT '{}',
      recorded_by text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE feed_sequencer (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_sequence bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO feed_sequencer (id, last_sequence) VALUES (1, 0)`.execute(db);
  await createIndexes(db);
  await createImmutabilityTriggers(db);
  await createRecordChangesFunction(db);
  await createSealFunction(db);
}

async function createIndexes(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX person_code_idx ON person (environment, personal_code)`.execute(db);
  await sql`CREATE UNIQUE INDEX person_previous_code_idx ON person (environment, previous_personal_code)
            WHERE previous_personal_code IS NOT NULL`.execute(db);
  await sql`CREATE INDEX person_name_search_idx ON person (environment, search_surname, birth_date)`.execute(
    db,
  );
  await sql`CREATE INDEX person_address_idx ON person (environment, declared_address_code)
            WHERE declared_address_code IS NOT NULL`.execute(db);
  await sql`CREATE INDEX change_event_person_idx ON change_event (person_id, id)`.execute(db);
  // The sequencer's work list: events committed but not yet given a feed position.
  await sql`CREATE INDEX change_event_unsequenced_idx ON change_event (id) WHERE sequence IS NULL`.execute(
    db,
  );
}

// Versions and change events are history: the database itself refuses to rewrite them.
async function createImmutabilityTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'history table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER person_version_append_only BEFORE UPDATE OR DELETE ON person_version
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
  await createChangeEventGuard(db);
  await sql`
    CREATE TRIGGER change_event_no_delete BEFORE DELETE ON change_event
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`.execute(db);
}

/** A change event may only be given its missing feed position; every other update is refused. */
export async function createChangeEventGuard(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION guard_change_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.sequence IS NULL AND NEW.sequence IS NOT NULL
         AND (to_jsonb(NEW) - 'sequence') = (to_jsonb(OLD) - 'sequence') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'change_event is append-only (only a missing feed position may be set)'
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER change_event_append_only BEFORE UPDATE ON change_event
    FOR EACH ROW EXECUTE FUNCTION guard_change_event_update()`.execute(db);
}

/**
 * Writes the planned changes of one life event in one statement, so one round trip and one
 * implicit transaction. Per person: the version being superseded moves, unchanged, into the
 * history (`person_version` holds superseded versions; the current one lives in `person`); the
 * new version replaces it, optimistically checked against the version the plan read; the change
 * event names it. A person changed meanwhile aborts the whole call with a serialisation failure,
 * which the service retries from a fresh read.
 */
export async function createRecordChangesFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION record_person_changes(changes jsonb)
    RETURNS TABLE (change_event_id bigint, person_id bigint, version integer)
    LANGUAGE plpgsql AS $$
    DECLARE
      change jsonb;
      key jsonb;
      expected integer;
    BEGIN
      FOR change IN SELECT value FROM jsonb_array_elements(changes) LOOP
        key := change->'key';
        expected := coalesce((change->>'expectedVersion')::integer, 0);
        change_event_id := nextval(pg_get_serial_sequence('change_event', 'id'));
        version := expected + 1;
        IF change->>'personId' IS NULL THEN
          INSERT INTO person AS p (environment, personal_code, previous_personal_code, given_names, surname,
            search_given_names, search_surname, sex, birth_date, status, declared_address_code, version, data,
            change_event_id)
          VALUES (change->>'environment', key->>'personalCode', key->>'previousPersonalCode', key->>'givenNames',
            key->>'surname', key->>'searchGivenNames', key->>'searchSurname', key->>'sex', (key->>'birthDate')::date,
            key->>'status', key->>'declaredAddressCode', 1, change->'data', change_event_id)
          RETURNING p.id INTO person_id;
        ELSE
          person_id := (change->>'personId')::bigint;
          INSERT INTO person_version AS v (person_id, version, personal_code, data, change_event_id, recorded_at)
          SELECT p.id, p.version, p.personal_code, p.data, p.change_event_id, p.updated_at
          FROM person p WHERE p.id = person_id AND p.version = expected;
          UPDATE person AS p SET personal_code = key->>'personalCode', previous_personal_code = key->>'previousPersonalCode',
            given_names = key->>'givenNames', surname = key->>'surname', search_given_names = key->>'searchGivenNames',
            search_surname = key->>'searchSurname', sex = key->>'sex', birth_date = (key->>'birthDate')::date,
            status = key->>'status', declared_address_code = key->>'declaredAddressCode',
            version = p.version + 1, data = change->'data', change_event_id = record_person_changes.change_event_id,
            updated_at = now()
          WHERE p.id = record_person_changes.person_id AND p.version = expected;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'person % changed concurrently', person_id USING ERRCODE = 'serialization_failure';
          END IF;
        END IF;
        INSERT INTO change_event AS e (id, environment, person_id, personal_code, previous_personal_code, version, type,
          changed_scopes, effective_date, details, recorded_by)
        OVERRIDING SYSTEM VALUE
        VALUES (change_event_id, change->>'environment', person_id, key->>'personalCode', change->>'previousPersonalCode',
          version, change->>'type', ARRAY(SELECT jsonb_array_elements_text(change->'changedScopes')),
          (change->>'effectiveDate')::date, change->'details', change->>'recordedBy');
        RETURN NEXT;
      END LOOP;
    END $$`.execute(db);
}

/**
 * Gives committed change events their feed positions (ADR 0002) in one round trip. The row lock
 * on the sequencer makes sealings serial; the numbering statement runs after the lock is held
 * and, as a new statement of a VOLATILE function, sees everything committed before it.
 */
async function createSealFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION seal_change_events(batch_size integer) RETURNS integer
    LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      head bigint;
      sealed integer;
    BEGIN
      SELECT last_sequence INTO head FROM feed_sequencer WHERE id = 1 FOR UPDATE;
      WITH pending AS (
        SELECT id, row_number() OVER (ORDER BY id) AS position
        FROM change_event WHERE sequence IS NULL ORDER BY id LIMIT batch_size
      )
      UPDATE change_event SET sequence = head + pending.position FROM pending WHERE change_event.id = pending.id;
      GET DIAGNOSTICS sealed = ROW_COUNT;
      IF sealed > 0 THEN
        UPDATE feed_sequencer SET last_sequence = head + sealed WHERE id = 1;
      END IF;
      RETURN sealed;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE feed_sequencer, change_event, person_version, person`.execute(db);
  await sql`DROP FUNCTION seal_change_events, record_person_changes, refuse_history_rewrite, guard_change_event_update`.execute(
    db,
  );
}
