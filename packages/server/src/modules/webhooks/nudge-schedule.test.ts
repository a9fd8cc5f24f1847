import { describe, expect, it } from 'vitest';
import { nudgeNotBefore } from './nudge-schedule';

const lastAttemptAt = new Date('2026-11-27T10:00:00Z');

describe('nudgeNotBefore', () => {
  it('sends at once to a webhook whose last attempt succeeded or that was never tried', () => {
    expect(nudgeNotBefore({ consecutiveFailures: 0, lastAttemptAt })).toBeUndefined();
    expect(nudgeNotBefore({ consecutiveFailures: 0, lastAttemptAt: null })).toBeUndefined();
  });

  it.each([
    [1, 2_718],
    [2, 7_389],
    [5, 148_413],
    [10, 22_026_466],
    [25, 22_026_466],
  ])('after %i failures in a row waits %i ms after the last attempt', (consecutiveFailures, delayMs) => {
    expect(nudgeNotBefore({ consecutiveFailures, lastAttemptAt })?.getTime()).toBe(
      lastAttemptAt.getTime() + delayMs,
    );
  });
});
