import { type Kysely, sql } from 'kysely';
import { createChangeEventGuard } from './0001-register';

// Frozen in time: imports nothing from the application (0001 is a migration too, frozen as well).
// The sealer sets each change event's feed position, an UPDATE that the append-only trigger let
// through after comparing the whole row as `jsonb` in PL/pgSQL: about 50 µs per event, a tenth of
// what recording and sealing a life event costs PostgreSQL. The same rule is now the trigger's
// WHEN condition, evaluated by the executor without calling a function; the function only raises.
// The condition names every column but `sequence`; the register's tests try to change each column
// of the table, so a column added later that this list misses fails them.
const guarded = [
  'id',
  'environment',
  'person_id',
  'personal_code',
  'previous_personal_code',
  'version',
  'type',
  'changed_scopes',
  'effective_date',
  'recorded_at',
  'details',
  'recorded_by',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const columns = (row: 'OLD' | 'NEW') => sql.raw(guarded.map((column) => `${row}.${column}`).join(', '));
  await sql`DROP TRIGGER change_event_append_only ON change_event`.execute(db);
  await sql`DROP FUNCTION guard_change_event_update`.execute(db);
  await sql`
    CREATE FUNCTION refuse_change_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'change_event is append-only (only a missing feed position may be set)'
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER change_event_append_only BEFORE UPDATE ON change_event
    FOR EACH ROW
    WHEN (NOT (OLD.sequence IS NULL AND NEW.sequence IS NOT NULL
      AND (${columns('NEW')}) IS NOT DISTINCT FROM (${columns('OLD')})))
    EXECUTE FUNCTION refuse_change_event_update()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER change_event_append_only ON change_event`.execute(db);
  await sql`DROP FUNCTION refuse_change_event_update`.execute(db);
  await createChangeEventGuard(db);
}
