import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The access log (API §4): one row per delivered person, append-only, hash-chained by a sealer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditEvent(db);
  await createChainHead(db);
  await createAppendOnlyTriggers(db);
}

/**
 * Writers insert rows with empty chain columns inside their own transaction; the sealer links them
 * later, in commit order (ADR 0005). No foreign keys: the insert is on the hot path of every person
 * query, and a key check would take a share lock on the organisation's and purpose's rows from every
 * concurrent query. The ids are copied from rows that the same transaction has just read.
 */
async function createAuditEvent(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      request_id text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 100),
      occurred_at timestamptz NOT NULL,
      organisation_id uuid NOT NULL,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      actor_kind text NOT NULL CHECK (actor_kind IN ('client', 'user')),
      actor_id text NOT NULL CHECK (length(actor_id) BETWEEN 1 AND 200),
      end_user text CHECK (length(end_user) BETWEEN 1 AND 100),
      purpose_id uuid NOT NULL,
      case_reference text CHECK (length(case_reference) BETWEEN 1 AND 100),
      query_type text NOT NULL
        CHECK (query_type IN ('byPersonalCode', 'byNameAndBirthDate', 'byAddress', 'monitoringFeed')),
      -- The names of the search parameters only, never their values.
      search_parameters text[] NOT NULL,
      -- The data subject: kept for the subject report and PMLP searches, never logged.
      person_id bigint NOT NULL,
      personal_code text NOT NULL CHECK (personal_code ~ '^\\d{6}-\\d{5}$'),
      fields text[] NOT NULL,
      fee_cents integer NOT NULL CHECK (fee_cents >= 0),
      chain_position bigint UNIQUE,
      previous_hash text CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
      hash text CHECK (hash ~ '^[0-9a-f]{64}$'),
      CHECK ((chain_position IS NULL) = (hash IS NULL) AND (hash IS NULL) = (previous_hash IS NULL))
    )`.execute(db);
  // Newest first per organisation, per data subject and overall; the unique index on chain_position
  // also finds the unsealed rows (IS NULL), so the sealer needs no index of its own.
  await sql`CREATE INDEX audit_event_organisation ON audit_event (organisation_id, occurred_at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX audit_event_person ON audit_event (person_id, occurred_at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX audit_event_time ON audit_event (occurred_at DESC, id DESC)`.execute(db);
}

/** Where the chain ends: the sealer's lock, and what lets the verifier notice a removed tail. */
async function createChainHead(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_chain_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_position bigint NOT NULL CHECK (last_position >= 0),
      last_hash text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
      sealed_at timestamptz
    )`.execute(db);
  await sql`INSERT INTO audit_chain_head (id, last_position, last_hash) VALUES (1, 0, repeat('0', 64))`.execute(
    db,
  );
}

// The database itself refuses to rewrite the log; the application role needs no UPDATE/DELETE grant.
async function createAppendOnlyTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION refuse_audit_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION guard_audit_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.chain_position IS NULL AND NEW.chain_position IS NOT NULL
         AND (to_jsonb(NEW) - ARRAY['chain_position', 'previous_hash', 'hash'])
           = (to_jsonb(OLD) - ARRAY['chain_position', 'previous_hash', 'hash']) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_event is append-only (only a missing chain link may be set)'
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION guard_audit_chain_head_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.last_position > OLD.last_position THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_chain_head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION guard_audit_event_update()`.execute(db);
  await sql`
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION guard_audit_chain_head_update()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_chain_head FROM PUBLIC`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_chain_head, audit_event`.execute(db);
  await sql`DROP FUNCTION IF EXISTS guard_audit_chain_head_update, guard_audit_event_update, refuse_audit_rewrite`.execute(
    db,
  );
}
