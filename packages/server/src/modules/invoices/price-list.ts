import type { Environment, TariffKind } from '@fpr/contract';
import { problem } from '../../http/problem';

/** The columns of a tariff period that pricing needs. */
export interface PricePeriod {
  id: string;
  kind: string;
  environment: string | null;
  bandFrom: number | null;
  bandTo: number | null;
  amountCents: number | null;
  rateBasisPoints: number | null;
  validFrom: string;
  validTo: string | null;
}

function covers(period: PricePeriod, day: string): boolean {
  return period.validFrom <= day && (period.validTo === null || period.validTo >= day);
}

function inBand(period: PricePeriod, count: number): boolean {
  return (period.bandFrom ?? 0) <= count && (period.bandTo === null || count <= period.bandTo);
}

// Periods are contiguous from the first seeded one on; a day without one is a configuration fault,
// and charging nothing would be worse than stopping the run: a 409 that says what to fix.
function missing(kind: string, day: string): Error {
  return problem('conflict', {
    detail: `No ${kind} tariff covers ${day}: add the missing tariff period, then run the month again.`,
  });
}

/** The single-amount period of a kind in force on a day. */
export function periodOn(periods: readonly PricePeriod[], kind: TariffKind, day: string): PricePeriod {
  const period = periods.find((p) => p.kind === kind && covers(p, day));
  if (!period) throw missing(kind, day);
  return period;
}

/** The band of a kind (and environment) in force on a day that holds `count`. */
export function bandOn(
  periods: readonly PricePeriod[],
  kind: 'environmentSubscription' | 'monitoringSubscription',
  environment: Environment | null,
  day: string,
  count: number,
): PricePeriod {
  const period = periods.find(
    (p) => p.kind === kind && p.environment === environment && covers(p, day) && inBand(p, count),
  );
  if (!period) throw missing(kind, day);
  return period;
}

/** The amount of a period that has one (every kind but the VAT rate). */
export function amountOf(period: PricePeriod): number {
  if (period.amountCents === null) throw new Error(`tariff ${period.id} has no amount`);
  return period.amountCents;
}

/** The VAT rate in basis points in force on a day. */
export function vatRateOn(periods: readonly PricePeriod[], day: string): number {
  const rate = periodOn(periods, 'vatRate', day).rateBasisPoints;
  if (rate === null) throw new Error('the VAT rate period has no rate');
  return rate;
}
