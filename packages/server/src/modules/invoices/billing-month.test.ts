import { describe, expect, it } from 'vitest';
import { billingMonth, invoiceMonthProblems, latvianMonth, previousMonthOf } from './billing-month';

describe('billing months', () => {
  it.each([
    ['2026-02', '2026-02-01', '2026-02-28', '2026-03-01'],
    ['2028-02', '2028-02-01', '2028-02-29', '2028-03-01'],
    ['2026-12', '2026-12-01', '2026-12-31', '2027-01-01'],
  ])('%s', (month, firstDay, lastDay, nextFirstDay) => {
    expect(billingMonth(month)).toEqual({ month, firstDay, lastDay, nextFirstDay });
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', ''])('refuses %j', (month) => {
    expect(billingMonth(month)).toBeUndefined();
    expect(invoiceMonthProblems(month, '2026-11-27')).toEqual([
      { name: 'month', code: 'pattern', reason: 'must be a month, YYYY-MM' },
    ]);
  });

  it.each([
    ['2026-10', '2026-11-01', []],
    ['2026-10', '2026-10-31', ['notEnded']],
    ['2026-11', '2026-11-27', ['notEnded']],
    ['2027-01', '2026-11-27', ['notEnded']],
  ])('invoicing %s on %s', (month, today, codes) => {
    expect(invoiceMonthProblems(month, today).map((p) => p.code)).toEqual(codes);
  });

  it('finds the previous month of a run on the 1st', () => {
    expect(previousMonthOf('2027-01-01')).toBe('2026-12');
    expect(previousMonthOf('2026-03-01')).toBe('2026-02');
  });

  it('names months in Latvian', () => {
    expect(latvianMonth('2026-03')).toBe('2026. gada marts');
    expect(latvianMonth('2026-07')).toBe('2026. gada jūlijs');
  });
});
