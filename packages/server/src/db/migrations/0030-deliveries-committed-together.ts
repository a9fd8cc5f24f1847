import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A delivery by codes costs PostgreSQL about 1.4 ms of CPU, of which a person's read, charge and
// audit row are well under a tenth: the rest is starting the statement's large plan, its
// transaction and its durable commit. `deliver_persons_together` does what
// `deliver_persons_by_codes` (migration 0026) does for many requests at once, in one statement and
// one commit (group commit): each request keeps its own purpose check, fee, ledger entry, audit
// rows and answer. An organisation's fees in the statement are taken in one debit (one balance
// slot, one lock), organisations in id order so that two such statements never wait on each
// other in opposite orders; the ledger still holds one charge per request, each with the balance
// after it as if the requests had been charged one after the other. When an organisation's total
// is not covered, none of its requests is delivered here: the caller repeats them one by one, so
// that each gets the exact answer alone.
// `in_requests` is a JSON array of objects with the keys read by `jsonb_to_record` below.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION deliver_persons_together(in_environment text, in_requests jsonb)
    RETURNS TABLE (request_index integer, is_purpose_current boolean, is_delivered boolean,
      amount_cents text, balance_after_cents text, person text)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
    AS $$
    #variable_conflict use_column
    BEGIN
      RETURN QUERY
      WITH asked AS MATERIALIZED (
        SELECT r.position::integer AS request_index, x.*
        FROM jsonb_array_elements(in_requests) WITH ORDINALITY AS r (request, position)
        CROSS JOIN LATERAL jsonb_to_record(r.request) AS x (purpose_id uuid, purpose_row_version text,
          organisation_id uuid, day date, request_id text, at timestamptz, actor_kind text, actor_id text,
          end_user text, case_reference text, search_parameters text[], fields text[], scopes text[],
          scope_fields text[], codes text[])),
      -- Requests whose purpose and contract are still the version the caller checked.
      current_purpose AS MATERIALIZED (
        SELECT a.request_index FROM asked a
        JOIN purpose ON purpose.id = a.purpose_id
        JOIN contract ON contract.id = purpose.contract_id
        WHERE purpose.xmin::text || ':' || contract.xmin::text = a.purpose_row_version),
      -- A person asked for twice in one request is delivered and charged once, at the first place asked.
      found AS MATERIALIZED (
        SELECT DISTINCT ON (a.request_index, p.id) a.request_index, p.id, p.personal_code, p.status,
          p.version, p.data, asked_code.position
        FROM asked a
        JOIN current_purpose cp ON cp.request_index = a.request_index
        CROSS JOIN LATERAL unnest(a.codes) WITH ORDINALITY AS asked_code (code, position)
        JOIN person p ON p.environment = in_environment
          AND (p.personal_code = asked_code.code OR p.previous_personal_code = asked_code.code)
        ORDER BY a.request_index, p.id, asked_code.position),
      fee AS MATERIALIZED (
        SELECT a.request_index, a.organisation_id, n.persons, t.amount_cents AS tariff_cents,
          CASE WHEN in_environment <> 'production' OR o.is_fee_exempt OR n.persons = 0 THEN 0
               ELSE n.persons * t.amount_cents END AS amount_cents
        FROM asked a
        JOIN current_purpose cp ON cp.request_index = a.request_index
        JOIN organisation o ON o.id = a.organisation_id
        CROSS JOIN LATERAL (
          SELECT count(*)::integer AS persons FROM found WHERE found.request_index = a.request_index) n
        LEFT JOIN tariff t ON t.kind = 'stateFeePerPerson' AND t.valid_from <= a.day
          AND (t.valid_to IS NULL OR t.valid_to >= a.day)),
      -- A volatile call in the select list is evaluated after the sort: debits in organisation order.
      debit AS MATERIALIZED (
        SELECT owed.organisation_id, owed.total,
          debit_balance(owed.organisation_id, owed.total) AS balance_cents
        FROM (SELECT fee.organisation_id, sum(fee.amount_cents)::bigint AS total
              FROM fee WHERE fee.amount_cents > 0 GROUP BY fee.organisation_id) owed
        ORDER BY owed.organisation_id),
      charged AS MATERIALIZED (
        SELECT fee.request_index, fee.amount_cents,
          debit.balance_cents + debit.total - sum(fee.amount_cents)
            OVER (PARTITION BY fee.organisation_id ORDER BY fee.request_index) AS balance_after_cents
        FROM fee JOIN debit ON debit.organisation_id = fee.organisation_id
        WHERE fee.amount_cents > 0 AND debit.balance_cents IS NOT NULL),
      ledger AS (
        INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, request_id, persons, at)
        SELECT a.organisation_id, 'charge', -charged.amount_cents, charged.balance_after_cents, a.request_id,
          fee.persons, a.at
        FROM charged
        JOIN asked a ON a.request_index = charged.request_index
        JOIN fee ON fee.request_index = charged.request_index
        ORDER BY charged.request_index),
      allowed AS MATERIALIZED (
        SELECT fee.request_index FROM fee WHERE fee.amount_cents = 0
        UNION ALL SELECT charged.request_index FROM charged),
      audit AS (
        INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id,
          end_user, purpose_id, case_reference, query_type, search_parameters, person_id, personal_code, fields,
          fee_cents)
        SELECT a.request_id, a.at, a.organisation_id, in_environment, a.actor_kind, a.actor_id, a.end_user,
          a.purpose_id, a.case_reference, 'byPersonalCode', a.search_parameters, found.id, found.personal_code,
          a.fields, CASE WHEN fee.amount_cents > 0 THEN fee.tariff_cents ELSE 0 END
        FROM found
        JOIN allowed ON allowed.request_index = found.request_index
        JOIN asked a ON a.request_index = found.request_index
        JOIN fee ON fee.request_index = found.request_index
        ORDER BY found.request_index, found.position)
      SELECT
        a.request_index,
        cp.request_index IS NOT NULL,
        allowed.request_index IS NOT NULL,
        fee.amount_cents::text,
        charged.balance_after_cents::text,
        -- Only delivered persons leave the database, built as deliver_persons_by_codes builds them.
        CASE WHEN found.id IS NOT NULL AND allowed.request_index IS NOT NULL THEN
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
            FROM unnest(a.scopes, a.scope_fields) WITH ORDINALITY AS s (scope, fields, position)), '')
          || '}'
        END
      FROM asked a
      LEFT JOIN current_purpose cp ON cp.request_index = a.request_index
      LEFT JOIN fee ON fee.request_index = a.request_index
      LEFT JOIN charged ON charged.request_index = a.request_index
      LEFT JOIN allowed ON allowed.request_index = a.request_index
      LEFT JOIN found ON found.request_index = a.request_index
      ORDER BY a.request_index, found.position;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION deliver_persons_together`.execute(db);
}
