import { describe, expect, it } from 'vitest';
import { type ExemptionEvent, wasFeeExemptDuring } from './fee-exemption';

const start = new Date('2026-02-28T22:00:00Z'); // 1 March, Rīga midnight
const end = new Date('2026-03-31T21:00:00Z'); // 1 April, Rīga midnight
const granted = (at: string): ExemptionEvent => ({ action: 'feeExemptionGranted', at: new Date(at) });
const ended = (at: string): ExemptionEvent => ({ action: 'feeExemptionEnded', at: new Date(at) });

describe('exempt at any moment of the month', () => {
  it.each([
    ['no history: the flag, exempt', [], true, true],
    ['no history: the flag, not exempt', [], false, false],
    ['granted before the month', [granted('2026-01-10T10:00:00Z')], true, true],
    ['granted inside the month', [granted('2026-03-15T10:00:00Z')], true, true],
    ['granted after the month', [granted('2026-04-02T10:00:00Z')], true, false],
    ['ended inside the month', [granted('2025-01-10T10:00:00Z'), ended('2026-03-15T10:00:00Z')], false, true],
    [
      'ended before the month',
      [granted('2025-01-10T10:00:00Z'), ended('2026-02-15T10:00:00Z')],
      false,
      false,
    ],
    ['ended after the month, granted before the history', [ended('2026-04-10T10:00:00Z')], false, true],
    [
      'ended at 23:59 on 28 Feb in Rīga',
      [granted('2025-01-10T10:00:00Z'), ended('2026-02-28T21:59:00Z')],
      false,
      false,
    ],
    [
      'ended, then granted again inside the month',
      [granted('2025-01-10T10:00:00Z'), ended('2026-01-10T10:00:00Z'), granted('2026-03-31T20:59:00Z')],
      true,
      true,
    ],
  ])('%s', (_name, events, flag, expected) => {
    expect(wasFeeExemptDuring(events as ExemptionEvent[], flag as boolean, start, end)).toBe(expected);
  });
});
