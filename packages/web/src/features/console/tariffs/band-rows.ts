import type { TariffBand } from '@fpr/contract';
import { centsOf } from '../organisations/money';

/** A band as the form holds it: where it ends (blank on the last) and its monthly price as typed. */
export interface BandRow {
  toCount: string;
  amount: string;
}

/**
 * The rows as the API takes them: each band starts one after the previous one ends, from 1, and the
 * last one is open-ended. A bad number becomes NaN (sent as null), which the API lists as invalid.
 */
export function bandsOf(rows: readonly BandRow[]): TariffBand[] {
  let fromCount = 1;
  return rows.map((row, index) => {
    const isLast = index === rows.length - 1;
    const toCount = isLast ? null : Number.parseInt(row.toCount, 10);
    const band = { fromCount, toCount, amountCents: centsOf(row.amount) };
    fromCount = (toCount ?? Number.NaN) + 1;
    return band;
  });
}
