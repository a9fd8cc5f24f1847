import type { OverrideKind } from './working-days';

export interface KnownOverride {
  day: string;
  kind: OverrideKind;
  note: string;
}

/**
 * The Cabinet's transfer of working days for 2026: Friday 2 January off, worked on Saturday
 * 17 January instead. Migration 0010 seeds the same days into the override table; the pure tests
 * build their calendar from this copy.
 */
export const knownOverrides2026: readonly KnownOverride[] = [
  {
    day: '2026-01-02',
    kind: 'holiday',
    note: 'Working day moved to Saturday 17 January 2026 (Cabinet order)',
  },
  { day: '2026-01-17', kind: 'workingDay', note: 'Worked in place of Friday 2 January 2026 (Cabinet order)' },
];
