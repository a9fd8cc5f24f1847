import { type Kysely, sql } from 'kysely';
import { up as createDeliveryByCodes } from './0022-delivery-function';

// Frozen in time: imports nothing from the application (0022 is a migration too, frozen as well).
// The delivery by codes (migration 0022) sent each person's whole record (the undelivered scopes
// removed) as `jsonb` to Node, which parsed it, projected the requested fields and serialised the
// answer again: for a 100-code batch that was most of the server's CPU. `deliver_persons_by_codes`
// builds each delivered person's JSON text itself (code, status, version, then the requested
// scopes and fields in the order asked, a missing field as null, as `projectPerson` does), and
// Node sends the texts as they are. The codes are joined with their position (`unnest … WITH
// ORDINALITY`) instead of searching the code array twice per person found.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION deliver_by_codes`.execute(db);
  await sql`
    CREATE FUNCTION deliver_persons_by_codes(
      in_environment text, in_codes text[], in_purpose_id uuid, in_purpose_row_version text,
      in_organisation_id uuid, in_day date, in_request_id text, in_at timestamptz, in_actor_kind text,
      in_actor_id text, in_end_user text, in_case_reference text, in_search_parameters text[],
      in_fields text[], in_scopes text[], in_scope_fields text[])
    RETURNS TABLE (is_purpose_current boolean, is_delivered boolean, amount_cents text,
      balance_after_cents text, balance_cents text, person text)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
    AS $$
    #variable_conflict use_column
    BEGIN
      RETURN QUERY
      WITH guard AS (
        SELECT 1 FROM purpose JOIN contract ON contract.id = purpose.contract_id
        WHERE purpose.id = in_purpose_id
          AND purpose.xmin::text || ':' || contract.xmin::text = in_purpose_row_version),
      -- A person asked for twice (by old and new code, say) is delivered and charged once, at the
      -- first place asked.
      found AS (
        SELECT DISTINCT ON (p.id) p.id, p.personal_code, p.status, p.version, p.data, asked.position
        FROM unnest(in_codes) WITH ORDINALITY AS asked (code, position)
        JOIN person p ON p.environment = in_environment
          AND (p.personal_code = asked.code OR p.previous_personal_code = asked.code)
        WHERE EXISTS (SELECT 1 FROM guard)
        ORDER BY p.id, asked.position),
      fee AS (
        SELECT n.persons, t.amount_cents AS tariff_cents,
          CASE WHEN in_environment <> 'production' OR o.is_fee_exempt OR n.persons = 0 THEN 0
               ELSE n.persons * t.amount_cents END AS amount_cents
        FROM organisation o
        CROSS JOIN (SELECT count(*)::integer AS persons FROM found) n
        LEFT JOIN tariff t ON t.kind = 'stateFeePerPerson' AND t.valid_from <= in_day
          AND (t.valid_to IS NULL OR t.valid_to >= in_day)
        WHERE o.id = in_organisation_id),
      attempt AS (
        SELECT debit_balance(in_organisation_id, fee.amount_cents) AS balance_cents, fee.amount_cents,
          fee.persons
        FROM fee WHERE fee.amount_cents > 0),
      debit AS (SELECT * FROM attempt WHERE attempt.balance_cents IS NOT NULL),
      ledger AS (
        INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, request_id, persons, at)
        SELECT in_organisation_id, 'charge', -debit.amount_cents, debit.balance_cents, in_request_id,
          debit.persons, in_at
        FROM debit
        RETURNING ledger_entry.balance_after_cents),
      allowed AS (
        SELECT 1 FROM fee WHERE fee.amount_cents = 0 AND EXISTS (SELECT 1 FROM guard)
        UNION ALL SELECT 1 FROM debit),
      audit AS (
        INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id,
          end_user, purpose_id, case_reference, query_type, search_parameters, person_id, personal_code, fields,
          fee_cents)
        SELECT in_request_id, in_at, in_organisation_id, in_environment, in_actor_kind, in_actor_id, in_end_user,
          in_purpose_id, in_case_reference, 'byPersonalCode', in_search_parameters, found.id, found.personal_code,
          in_fields, CASE WHEN fee.amount_cents > 0 THEN fee.tariff_cents ELSE 0 END
        FROM found CROSS JOIN fee
        WHERE EXISTS (SELECT 1 FROM allowed)
        ORDER BY found.position)
      SELECT
        EXISTS (SELECT 1 FROM guard),
        EXISTS (SELECT 1 FROM allowed),
        (SELECT fee.amount_cents FROM fee)::text,
        (SELECT ledger.balance_after_cents FROM ledger)::text,
        (SELECT sum(b.balance_cents) FROM account_balance b WHERE b.organisation_id = in_organisation_id)::text,
        -- Only delivered persons leave the database. A whole scope is its stored value; a narrowed
        -- one (in_scope_fields: its fields, comma-separated) lists those fields.
        CASE WHEN found.id IS NOT NULL AND EXISTS (SELECT 1 FROM allowed) THEN
          '{"personalCode":' || to_json(found.personal_code)::text
          || ',"status":' || to_json(found.status)::text
          || ',"version":' || found.version::text
          || coalesce((
            SELECT string_agg(',' || to_json(s.scope)::text || ':' || CASE
                WHEN s.fields IS NULL THEN coalesce((found.data -> s.scope)::text, 'null')
                ELSE (
                  SELECT '{' || string_agg(to_json(f.field)::text || ':'
                      || coalesce((found.data -> s.scope -> f.field)::text, 'null'), ',' ORDER BY f.position)
                    || '}'
                  FROM unnest(string_to_array(s.fields, ',')) WITH ORDINALITY AS f (field, position))
                END, '' ORDER BY s.position)
            FROM unnest(in_scopes, in_scope_fields) WITH ORDINALITY AS s (scope, fields, position)), '')
          || '}'
        END
      FROM (SELECT 1) one LEFT JOIN found ON true
      ORDER BY found.position;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION deliver_persons_by_codes`.execute(db);
  await createDeliveryByCodes(db);
}
