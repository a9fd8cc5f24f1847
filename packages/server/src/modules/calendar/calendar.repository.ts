import type { Db } from '../../db/database';
import { calendarOf, type OverrideKind, type WorkingCalendar } from './working-days';

export interface CalendarOverrideRow {
  day: string;
  kind: string;
  note: string;
  createdBy: string | null;
  createdAt: Date;
}

const columns = ['day', 'kind', 'note', 'createdBy', 'createdAt'] as const;

/** Everything `working-days.ts` needs besides the statutory holidays: the whole override table. */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  return calendarOfRows(await db.selectFrom('calendarOverride').select(['day', 'kind']).execute());
}

export function calendarOfRows(rows: readonly { day: string; kind: string }[]): WorkingCalendar {
  // The column is CHECK-constrained to the override kinds.
  return calendarOf(rows.map((row) => ({ day: row.day, kind: row.kind as OverrideKind })));
}

export async function listOverrides(db: Db, year?: number): Promise<CalendarOverrideRow[]> {
  let query = db.selectFrom('calendarOverride').select(columns).orderBy('day');
  if (year !== undefined) {
    query = query.where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`);
  }
  return query.execute();
}

export async function upsertOverride(
  db: Db,
  override: { day: string; kind: OverrideKind; note: string; createdBy: string; createdAt: Date },
): Promise<CalendarOverrideRow> {
  return db
    .insertInto('calendarOverride')
    .values(override)
    .onConflict((conflict) =>
      conflict.column('day').doUpdateSet({
        kind: override.kind,
        note: override.note,
        createdBy: override.createdBy,
        createdAt: override.createdAt,
      }),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function deleteOverride(db: Db, day: string): Promise<CalendarOverrideRow | undefined> {
  return db.deleteFrom('calendarOverride').where('day', '=', day).returning(columns).executeTakeFirst();
}

/** Inserts overrides that are not there yet (demo and test seeding); an existing day is kept. */
export async function insertCalendarOverrides(
  db: Db,
  overrides: readonly { day: string; kind: OverrideKind; note: string }[],
): Promise<void> {
  if (overrides.length === 0) return;
  await db
    .insertInto('calendarOverride')
    .values(overrides.map(({ day, kind, note }) => ({ day, kind, note })))
    .onConflict((conflict) => conflict.column('day').doNothing())
    .execute();
}

export async function insertOverrideEvent(
  db: Db,
  event: {
    day: string;
    action: 'set' | 'removed';
    kind: string;
    note: string;
    actorUserId: string;
    at: Date;
  },
): Promise<void> {
  await db.insertInto('calendarOverrideEvent').values(event).execute();
}
