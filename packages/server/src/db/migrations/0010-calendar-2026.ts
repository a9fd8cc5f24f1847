import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The working day moved by Cabinet order for 2026 (Friday 2 January off, worked on Saturday
// 17 January), known when this migration was written; later orders are added by an administrator.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO calendar_override (day, kind, note) VALUES
      ('2026-01-02', 'holiday', 'Working day moved to Saturday 17 January 2026 (Cabinet order)'),
      ('2026-01-17', 'workingDay', 'Worked in place of Friday 2 January 2026 (Cabinet order)')
    ON CONFLICT (day) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM calendar_override WHERE day IN ('2026-01-02', '2026-01-17') AND created_by IS NULL`.execute(
    db,
  );
}
