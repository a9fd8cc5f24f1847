import type { CalendarOverride, CalendarOverrideKind } from '@fpr/contract';
import type { CalendarOverrideRow } from './calendar.repository';

export function toCalendarOverride(row: CalendarOverrideRow): CalendarOverride {
  return {
    day: row.day,
    // CHECK-constrained to the override kinds.
    kind: row.kind as CalendarOverrideKind,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
