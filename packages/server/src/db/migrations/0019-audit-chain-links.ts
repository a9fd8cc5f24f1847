import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// Sealing used to UPDATE three chain columns of every audit row. `chain_position` is indexed, so
// none of those updates could be HOT: every row was written twice, with its five index entries,
// leaving a dead tuple each. The links now live in a table of their own, inserted once; the
// records are never updated at all (ADR 0011).
export async function up(db: Kysely<unknown>): Promise<void> {
  // No writer may be half-way through an insert while the sealed rows are copied and the mark set.
  await sql`LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE`.execute(db);
  await createChainLink(db);
  await sql`
    INSERT INTO audit_chain_link (audit_event_id, chain_position, previous_hash, hash)
    SELECT id, chain_position, previous_hash, hash FROM audit_event WHERE chain_position IS NOT NULL`.execute(
    db,
  );
  await addSealedMark(db);
  await guardChainHead(db);
  await startSealedMark(db);
  await sql`DROP TRIGGER audit_event_append_only ON audit_event`.execute(db);
  await sql`DROP FUNCTION guard_audit_event_update()`.execute(db);
  // Drops the unique index and the CHECK that tied the three together.
  await sql`ALTER TABLE audit_event DROP COLUMN chain_position, DROP COLUMN previous_hash, DROP COLUMN hash`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
}

/**
 * One row per sealed record, inserted once by the sealer. No foreign key to `audit_event`: its
 * check would lock every linked record (FOR KEY SHARE writes the row's header and WAL), which is
 * the rewrite this table exists to avoid. That each link names a real record, and the right one, is
 * what the hash proves: `fpr audit verify` joins the two and recomputes it.
 */
async function createChainLink(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_chain_link (
      audit_event_id bigint PRIMARY KEY,
      chain_position bigint NOT NULL UNIQUE CHECK (chain_position > 0),
      previous_hash text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
    )`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_link_no_update BEFORE UPDATE ON audit_chain_link
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_link_no_delete BEFORE DELETE ON audit_chain_link
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`
    CREATE TRIGGER audit_chain_link_no_truncate BEFORE TRUNCATE ON audit_chain_link
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_rewrite()`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain_link FROM PUBLIC`.execute(db);
}

/**
 * `sealed_below_id`: every record with a lower id is linked, so the sealer looks for unlinked
 * records only from there. `pending_below_id` and `pending_writers` are the sealer's last
 * observation (ids drawn so far, and the transactions then able to insert) that may become the
 * next mark once those transactions have ended.
 */
async function addSealedMark(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE audit_chain_head
      ADD COLUMN sealed_below_id bigint NOT NULL DEFAULT 1 CHECK (sealed_below_id >= 1),
      ADD COLUMN pending_below_id bigint,
      ADD COLUMN pending_writers text[],
      ADD CHECK ((pending_below_id IS NULL) = (pending_writers IS NULL))`.execute(db);
}

/** With the table locked nothing is in flight: the mark starts at the oldest unlinked record, or after the last. */
async function startSealedMark(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE audit_chain_head SET sealed_below_id = coalesce(
      (SELECT min(id) FROM audit_event WHERE chain_position IS NULL),
      (SELECT max(id) + 1 FROM audit_event),
      1)`.execute(db);
}

/** The head still only moves forward: the chain's end, and now the mark too. */
async function guardChainHead(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION guard_audit_chain_head_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.sealed_below_id >= OLD.sealed_below_id
         AND (NEW.last_position > OLD.last_position
           OR (NEW.last_position = OLD.last_position AND NEW.last_hash = OLD.last_hash)) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_chain_head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE`.execute(db);
  await sql`DROP TRIGGER audit_event_no_update ON audit_event`.execute(db);
  await sql`
    ALTER TABLE audit_event
      ADD COLUMN chain_position bigint UNIQUE,
      ADD COLUMN previous_hash text CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
      ADD COLUMN hash text CHECK (hash ~ '^[0-9a-f]{64}$'),
      ADD CHECK ((chain_position IS NULL) = (hash IS NULL) AND (hash IS NULL) = (previous_hash IS NULL))`.execute(
    db,
  );
  await sql`
    UPDATE audit_event AS a SET chain_position = l.chain_position, previous_hash = l.previous_hash, hash = l.hash
    FROM audit_chain_link AS l WHERE l.audit_event_id = a.id`.execute(db);
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
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION guard_audit_event_update()`.execute(db);
  await sql`DROP TABLE audit_chain_link`.execute(db);
  await sql`ALTER TABLE audit_chain_head DROP COLUMN sealed_below_id, DROP COLUMN pending_below_id, DROP COLUMN pending_writers`.execute(
    db,
  );
  await sql`
    CREATE OR REPLACE FUNCTION guard_audit_chain_head_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.last_position > OLD.last_position THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_chain_head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
}
