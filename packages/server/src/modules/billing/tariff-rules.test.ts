import { describe, expect, it } from 'vitest';
import { receivedOnProblems, tariffPeriodProblems } from './tariff-rules';

const today = '2026-03-10';

describe('tariffPeriodProblems', () => {
  it.each([
    ['2026-03-11', []],
    ['2027-01-01', []],
    ['2026-03-10', ['notFuture']],
    ['2021-06-28', ['notFuture']],
    ['2026-02-30', ['calendarDate']],
    ['2026-13-01', ['calendarDate']],
  ])('a period from %s → %j', (validFrom, codes) => {
    expect(tariffPeriodProblems({ validFrom }, today).map((problem) => problem.code)).toEqual(codes);
  });
});

describe('receivedOnProblems', () => {
  it.each([
    ['2026-03-10', []],
    ['2025-12-31', []],
    ['2026-03-11', ['future']],
    ['2026-02-29', ['calendarDate']],
  ])('money received on %s → %j', (receivedOn, codes) => {
    expect(receivedOnProblems(receivedOn, today).map((problem) => problem.code)).toEqual(codes);
  });
});
