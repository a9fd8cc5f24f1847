import type { BandTariffKind, InvalidParam, SingleTariffKind, TariffBand } from '@fpr/contract';
import { isCalendarDate } from '../calendar/working-days';

/**
 * A new tariff period starts tomorrow at the earliest: charges made today were computed with
 * today's tariff, and a period starting today or earlier would rewrite what they were based on.
 */
export function tariffPeriodProblems(input: { validFrom: string }, today: string): InvalidParam[] {
  if (!isCalendarDate(input.validFrom)) {
    return [{ name: 'validFrom', code: 'calendarDate', reason: 'is not a day of the calendar' }];
  }
  if (input.validFrom <= today) {
    return [{ name: 'validFrom', code: 'notFuture', reason: 'must be tomorrow or later' }];
  }
  return [];
}

/** The day a top-up's money arrived: a real day, not in the future. */
export function receivedOnProblems(receivedOn: string, today: string): InvalidParam[] {
  if (!isCalendarDate(receivedOn)) {
    return [{ name: 'receivedOn', code: 'calendarDate', reason: 'is not a day of the calendar' }];
  }
  if (receivedOn > today) return [{ name: 'receivedOn', code: 'future', reason: 'cannot be in the future' }];
  return [];
}

/** A single-amount period carries an amount, the VAT rate a rate, and neither carries the other. */
export function singleTariffProblems(input: {
  kind: SingleTariffKind;
  amountCents?: number;
  rateBasisPoints?: number;
}): InvalidParam[] {
  const isRate = input.kind === 'vatRate';
  const problems: InvalidParam[] = [];
  if (isRate && input.rateBasisPoints === undefined)
    problems.push({ name: 'rateBasisPoints', code: 'required', reason: 'the VAT rate needs a rate' });
  if (!isRate && input.rateBasisPoints !== undefined)
    problems.push({ name: 'rateBasisPoints', code: 'notAllowed', reason: 'only the VAT rate has a rate' });
  if (!isRate && input.amountCents === undefined)
    problems.push({ name: 'amountCents', code: 'required', reason: 'this fee needs an amount' });
  if (isRate && input.amountCents !== undefined)
    problems.push({ name: 'amountCents', code: 'notAllowed', reason: 'the VAT rate has no amount' });
  return problems;
}

/**
 * Bands price every count from 1 upwards exactly once: the first starts at 1, each next one starts
 * right after the previous ends, and only the last is open-ended.
 */
export function bandProblems(bands: readonly TariffBand[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  bands.forEach((band, index) => {
    const expectedFrom = index === 0 ? 1 : (bands[index - 1]?.toCount ?? Number.NaN) + 1;
    if (band.fromCount !== expectedFrom && !Number.isNaN(expectedFrom))
      problems.push({
        name: `bands[${index}].fromCount`,
        code: 'notContiguous',
        reason: `must be ${expectedFrom}, right after the previous band`,
      });
    const isLast = index === bands.length - 1;
    if (isLast && band.toCount !== null)
      problems.push({
        name: `bands[${index}].toCount`,
        code: 'notOpenEnded',
        reason: 'the last band is open-ended (null)',
      });
    if (!isLast && band.toCount === null)
      problems.push({
        name: `bands[${index}].toCount`,
        code: 'required',
        reason: 'only the last band is open-ended',
      });
    if (band.toCount !== null && band.toCount < band.fromCount)
      problems.push({
        name: `bands[${index}].toCount`,
        code: 'range',
        reason: 'must not be below fromCount',
      });
  });
  return problems;
}

/** Environment subscriptions are priced per environment; monitoring is not. */
export function bandEnvironmentProblems(input: {
  kind: BandTariffKind;
  environment?: string;
}): InvalidParam[] {
  if (input.kind === 'environmentSubscription' && input.environment === undefined)
    return [
      { name: 'environment', code: 'required', reason: 'an environment subscription names its environment' },
    ];
  if (input.kind === 'monitoringSubscription' && input.environment !== undefined)
    return [
      { name: 'environment', code: 'notAllowed', reason: 'monitoring bands apply to every environment' },
    ];
  return [];
}
