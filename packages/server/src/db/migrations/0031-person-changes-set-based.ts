import { type Kysely, sql } from 'kysely';
import { createRecordChangesFunction } from './0001-register';

// Frozen in time: imports nothing from the application (0001 is a migration too, frozen as well).
// `record_person_changes` wrote one change at a time: three statements per change, each started
// and its table's checks parsed again, a third of PostgreSQL's CPU per change once life events are
// committed together (ADR 0017). Now every change of the call goes through the same three
// statements, set-based, in one data-modifying query: the superseded versions into the history,
// the persons updated (checked against the version each plan read), the new persons inserted, and
// one change event per change. The persons a query reads are those of its one snapshot, so the
// history copies exactly the versions the update replaces. A person changed meanwhile (the update
// finds fewer rows than it was given) aborts the whole call with a serialisation failure, as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION record_person_changes`.execute(db);
  await sql`
    CREATE FUNCTION record_person_changes(changes jsonb)
    RETURNS TABLE (change_event_id bigint, person_id bigint, version integer)
    LANGUAGE plpgsql AS $$
    DECLARE
      written integer;
    BEGIN
      RETURN QUERY
      WITH input AS MATERIALIZED (
        -- Event ids in the order given, so the answer, ordered by them, is in that order too.
        SELECT c.value AS change, c.value -> 'key' AS key, (c.value ->> 'personId')::bigint AS person_id,
          coalesce((c.value ->> 'expectedVersion')::integer, 0) AS expected,
          nextval(pg_get_serial_sequence('change_event', 'id')) AS event_id
        FROM jsonb_array_elements(changes) WITH ORDINALITY AS c (value, position)
        ORDER BY c.position),
      history AS (
        INSERT INTO person_version AS v (person_id, version, personal_code, data, change_event_id, recorded_at)
        SELECT p.id, p.version, p.personal_code, p.data, p.change_event_id, p.updated_at
        FROM input JOIN person p ON p.id = input.person_id AND p.version = input.expected),
      updated AS (
        UPDATE person AS p SET personal_code = i.key ->> 'personalCode',
          previous_personal_code = i.key ->> 'previousPersonalCode', given_names = i.key ->> 'givenNames',
          surname = i.key ->> 'surname', search_given_names = i.key ->> 'searchGivenNames',
          search_surname = i.key ->> 'searchSurname', sex = i.key ->> 'sex',
          birth_date = (i.key ->> 'birthDate')::date, status = i.key ->> 'status',
          declared_address_code = i.key ->> 'declaredAddressCode', version = p.version + 1,
          data = i.change -> 'data', change_event_id = i.event_id, updated_at = now()
        FROM input i
        WHERE p.id = i.person_id AND p.version = i.expected
        RETURNING p.id, p.version, p.change_event_id),
      created AS (
        INSERT INTO person AS p (environment, personal_code, previous_personal_code, given_names, surname,
          search_given_names, search_surname, sex, birth_date, status, declared_address_code, version, data,
          change_event_id)
        SELECT i.change ->> 'environment', i.key ->> 'personalCode', i.key ->> 'previousPersonalCode',
          i.key ->> 'givenNames', i.key ->> 'surname', i.key ->> 'searchGivenNames', i.key ->> 'searchSurname',
          i.key ->> 'sex', (i.key ->> 'birthDate')::date, i.key ->> 'status', i.key ->> 'declaredAddressCode', 1,
          i.change -> 'data', i.event_id
        FROM input i WHERE i.person_id IS NULL
        RETURNING p.id, p.version, p.change_event_id),
      events AS (
        INSERT INTO change_event AS e (id, environment, person_id, personal_code, previous_personal_code, version,
          type, changed_scopes, effective_date, details, recorded_by)
        OVERRIDING SYSTEM VALUE
        SELECT i.event_id, i.change ->> 'environment', w.id, i.key ->> 'personalCode',
          i.change ->> 'previousPersonalCode', w.version, i.change ->> 'type',
          ARRAY(SELECT jsonb_array_elements_text(i.change -> 'changedScopes')),
          (i.change ->> 'effectiveDate')::date, i.change -> 'details', i.change ->> 'recordedBy'
        FROM input i JOIN (SELECT * FROM updated UNION ALL SELECT * FROM created) w ON w.change_event_id = i.event_id
        RETURNING e.id, e.person_id, e.version)
      SELECT events.id, events.person_id, events.version FROM events ORDER BY events.id;
      GET DIAGNOSTICS written = ROW_COUNT;
      IF written <> jsonb_array_length(changes) THEN
        RAISE EXCEPTION 'a person changed concurrently' USING ERRCODE = 'serialization_failure';
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION record_person_changes`.execute(db);
  await createRecordChangesFunction(db);
}
