import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The audit sealer linked each record in Node: it read the record's sixteen columns out, serialised
// and hashed them, and sent the links back as arrays. That cost about 32 µs of the server's CPU and
// 55 µs of PostgreSQL's per record — 8.7 ms for every 100-code query. PostgreSQL now builds the same
// canonical text (`canonicalAuditContent`: a JSON array without spaces, strings escaped as
// JSON.stringify escapes them) and the same hash, `sha256(previous hash bytes ‖ content)`, in one
// statement: a window aggregate carries the previous hash from record to record. The verifier still
// recomputes every hash in Node, so the two serialisations are held equal by its tests.
//
// The same measurement found that inserting a link cost about 30 µs, 25 of them in its two CHECKs:
// PostgreSQL's regular expressions unroll the counted repetition of `^[0-9a-f]{64}$` and ran at
// 8–12 µs per value, against about 1 µs for the same rule as a length and an unbounded class. The
// hex checks are rewritten that way; they accept exactly what they accepted before.
const hexChecks = [
  { table: 'audit_chain_link', column: 'previous_hash' },
  { table: 'audit_chain_link', column: 'hash' },
  { table: 'audit_chain_head', column: 'last_hash' },
  { table: 'idempotency_record', column: 'fingerprint' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, column } of hexChecks) {
    await sql`
      ALTER TABLE ${sql.id(table)} DROP CONSTRAINT ${sql.id(`${table}_${column}_check`)},
        ADD CONSTRAINT ${sql.id(`${table}_${column}_check`)}
          CHECK (length(${sql.id(column)}) = 64 AND ${sql.id(column)} ~ '^[0-9a-f]+$')`.execute(db);
  }
  await sql`
    CREATE FUNCTION audit_chain_step(state text, head_hash text, content text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
    BEGIN
      RETURN encode(sha256(decode(coalesce(state, head_hash), 'hex') || convert_to(content, 'UTF8')), 'hex');
    END $$`.execute(db);
  // Its state after each row is that row's hash; the first row starts from the head's hash.
  await sql`CREATE AGGREGATE audit_chain_hash(text, text) (SFUNC = audit_chain_step, STYPE = text)`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION link_audit_events(in_from_id bigint, in_limit integer, in_head_position bigint, in_head_hash text)
    RETURNS TABLE (linked integer, last_id bigint, last_position bigint, last_hash text)
    LANGUAGE sql
    AS $$
      WITH pending AS (
        SELECT e.* FROM audit_event e
        WHERE e.id >= in_from_id
          AND NOT EXISTS (
            SELECT FROM audit_chain_link l
            WHERE l.audit_event_id = e.id AND l.audit_event_id >= in_from_id)
        ORDER BY e.id
        LIMIT in_limit
      ), numbered AS (
        SELECT p.*, in_head_position + row_number() OVER (ORDER BY p.id) AS position FROM pending p
      ), chained AS (
        SELECT n.id, n.position, audit_chain_hash(in_head_hash,
          -- Free text goes through to_json, which escapes as JSON.stringify does. Ids, uuids, the
          -- formatted time and the columns a CHECK keeps to letters, digits and '-' need no escaping:
          -- quoting them directly is what JSON.stringify gives too, at half the cost.
          '["fpr-audit/1","' || n.position::text
          || '","' || n.id::text
          || '",' || to_json(n.request_id)::text
          || ',"' || to_char(n.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
          || '","' || n.organisation_id::text
          || '","' || n.environment
          || '","' || n.actor_kind
          || '",' || to_json(n.actor_id)::text
          || ',' || coalesce(to_json(n.end_user)::text, 'null')
          || ',"' || n.purpose_id::text
          || '",' || coalesce(to_json(n.case_reference)::text, 'null')
          || ',"' || n.query_type
          || '",' || to_json(n.search_parameters)::text
          || ',"' || n.person_id::text
          || '","' || n.personal_code
          || '",' || to_json(n.fields)::text
          || ',' || n.fee_cents::text || ']'
        ) OVER (ORDER BY n.id ROWS UNBOUNDED PRECEDING) AS hash
        FROM numbered n
      ), inserted AS (
        INSERT INTO audit_chain_link (audit_event_id, chain_position, previous_hash, hash)
        SELECT c.id, c.position, coalesce(lag(c.hash) OVER (ORDER BY c.id), in_head_hash), c.hash FROM chained c
        RETURNING audit_event_id, chain_position, hash
      )
      SELECT count(*)::integer, max(audit_event_id), max(chain_position),
        (array_agg(hash ORDER BY chain_position DESC))[1]
      FROM inserted
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table, column } of hexChecks) {
    await sql`
      ALTER TABLE ${sql.id(table)} DROP CONSTRAINT ${sql.id(`${table}_${column}_check`)},
        ADD CONSTRAINT ${sql.id(`${table}_${column}_check`)} CHECK (${sql.id(column)} ~ '^[0-9a-f]{64}$')`.execute(
      db,
    );
  }
  await sql`DROP FUNCTION link_audit_events`.execute(db);
  await sql`DROP AGGREGATE audit_chain_hash(text, text)`.execute(db);
  await sql`DROP FUNCTION audit_chain_step`.execute(db);
}
