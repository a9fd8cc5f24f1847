import type { InvalidParam } from '@fpr/contract';
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
