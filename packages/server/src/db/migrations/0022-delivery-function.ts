import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The delivery of a person query by codes (read, state fee, ledger entry, audit records) as one
// statement was planned afresh on every call: measured on the `query` benchmark, planning took
// about as long as executing (0.85 ms of 1.9 ms), a third of the database's CPU per request.
// PostgreSQL keeps choosing a custom plan for it, because its generic plan is estimated for ten
// codes where most calls ask for one; the plans are the same shape (index lookups on the code
// indexes), so inside this function the generic plan is forced and made once per connection.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION deliver_by_codes(
      in_environment text, in_codes text[], in_purpose_id uuid, in_purpose_row_version text,
      in_organisation_id uuid, in_day date, in_request_id text, in_at timestamptz, in_actor_kind text,
      in_actor_id text, in_end_user text, in_case_reference text, in_search_parameters text[],
      in_fields text[], in_omitted_scopes text[])
    RETURNS TABLE (is_purpose_current boolean, is_delivered boolean, amount_cents text,
      balance_after_cents text, balance_cents text, id bigint, personal_code text,
      previous_personal_code text, status text, version integer, record jsonb)
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
      found AS (
        SELECT p.id, p.personal_code, p.previous_personal_code, p.status, p.version, p.data,
          LEAST(array_position(in_codes, p.personal_code),
                array_position(in_codes, p.previous_personal_code)) AS position
        FROM person p
        WHERE p.environment = in_environment
          AND (p.personal_code = ANY(in_codes) OR p.previous_personal_code = ANY(in_codes))
          AND EXISTS (SELECT 1 FROM guard)),
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
        found.id, found.personal_code, found.previous_personal_code, found.status, found.version,
        found.data - in_omitted_scopes
      FROM (SELECT 1) one LEFT JOIN found ON true
      ORDER BY found.position;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION deliver_by_codes`.execute(db);
}
