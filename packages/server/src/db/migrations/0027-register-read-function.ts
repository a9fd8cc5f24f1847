import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The register's snapshot read of the persons a life event names (by current or previous code) was
// planned afresh on every call: although prepared, PostgreSQL kept choosing a custom plan, because
// its generic plan is costed for ten codes per array where an event names one or two. A profile of
// the backends during `npm run bench -- events` put planning at about 12 % of their CPU. The plan is
// the same either way (a BitmapOr of the two code indexes), so inside this function the generic
// plan is forced and made once per connection, as for `deliver_by_codes` (0022).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION find_persons_by_codes(in_environment text, in_codes text[])
    RETURNS TABLE (id bigint, version integer, data jsonb)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    AS $$
    BEGIN
      RETURN QUERY
      SELECT p.id, p.version, p.data FROM person p
      WHERE p.environment = in_environment
        AND (p.personal_code = ANY(in_codes) OR p.previous_personal_code = ANY(in_codes))
      ORDER BY p.id;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION find_persons_by_codes`.execute(db);
}
