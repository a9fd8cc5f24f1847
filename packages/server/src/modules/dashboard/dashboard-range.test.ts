import { describe, expect, it } from 'vitest';
import { dashboardRange, monthOf } from './dashboard-range';

describe('monthOf', () => {
  it.each([
    ['2026-11-27', 0, '2026-11'],
    ['2026-11-27', -10, '2026-01'],
    ['2026-11-27', -11, '2025-12'],
    ['2026-01-31', -1, '2025-12'],
    ['2026-01-31', -25, '2023-12'],
    ['2026-12-01', 1, '2027-01'],
  ])('%s shifted by %i months is %s', (day, offset, month) => {
    expect(monthOf(day, offset)).toBe(month);
  });
});

describe('dashboardRange', () => {
  it('ends today and reaches back the asked days and months', () => {
    expect(dashboardRange('2026-03-01', 30, 3)).toEqual({
      fromDay: '2026-01-31',
      toDay: '2026-03-01',
      fromMonthDay: '2026-01-01',
      months: ['2026-01', '2026-02', '2026-03'],
    });
  });

  it('covers only today for one day and one month', () => {
    expect(dashboardRange('2026-11-27', 1, 1)).toEqual({
      fromDay: '2026-11-27',
      toDay: '2026-11-27',
      fromMonthDay: '2026-11-01',
      months: ['2026-11'],
    });
  });
});
