import { describe, expect, it } from 'vitest';
import {
  formatCents,
  formatDate,
  formatDateTime,
  formatNumber,
  formatTime,
  previousMonth,
  rigaToday,
} from './format';

describe('formatDate', () => {
  it.each([
    ['2026-01-02', '02.01.2026'],
    ['1990-12-31', '31.12.1990'],
    [null, '—'],
    ['', '—'],
    ['not a date', 'not a date'],
  ])('%s → %s', (input, expected) => {
    expect(formatDate(input)).toBe(expected);
  });
});

describe('formatDateTime', () => {
  it('shows Rīga time, winter and summer', () => {
    expect(formatDateTime('2026-11-27T10:05:00Z')).toBe('27.11.2026 12:05');
    expect(formatDateTime('2026-07-01T21:30:00Z')).toBe('02.07.2026 00:30');
  });
});

describe('formatTime', () => {
  it('shows the time of day in Rīga, winter and summer', () => {
    expect(formatTime('2026-11-04T19:00:59Z')).toBe('21:00');
    expect(formatTime('2026-07-01T21:30:00Z')).toBe('00:30');
  });
});

describe('formatCents', () => {
  it('writes cents as euro in each language', () => {
    expect(formatCents(200, 'lv').replace(/\s/g, ' ')).toBe('2,00 €');
    expect(formatCents(100_000, 'en')).toBe('€1,000.00');
    expect(formatCents(0, 'en')).toBe('€0.00');
  });
});

describe('formatNumber', () => {
  it('writes counts and averages in each language', () => {
    expect(formatNumber(12_345.5, 'lv').replace(/\s/g, ' ')).toBe('12 345,5');
    expect(formatNumber(12_345.5, 'en')).toBe('12,345.5');
    expect(formatNumber(0, 'lv')).toBe('0');
  });
});

describe('previousMonth', () => {
  it.each([
    ['2026-11-28', '2026-10'],
    ['2026-12-01', '2026-11'],
    ['2027-01-05', '2026-12'],
    ['2026-03-31', '2026-02'],
  ])('before the month of %s is %s', (today, month) => {
    expect(previousMonth(today)).toBe(month);
  });

  it('counts from the day in Rīga', () => {
    expect(previousMonth()).toBe(previousMonth(rigaToday()));
  });
});
