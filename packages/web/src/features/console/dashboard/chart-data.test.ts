import { describe, expect, it } from 'vitest';
import { daysBetween, niceMaximum, queriesByOrganisation, ticksOf } from './chart-data';

describe('daysBetween', () => {
  it('lists every day, both ends included, across a month end', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
  });
});

describe('queriesByOrganisation', () => {
  it('gives each organisation a value for every day, zero when it made no query', () => {
    const rows = [
      { day: '2026-11-02', organisationId: 'b', organisationName: 'SIA Zeta', queries: 3, persons: 4 },
      { day: '2026-11-01', organisationId: 'a', organisationName: 'AS Alfa', queries: 1, persons: 1 },
      { day: '2026-11-02', organisationId: 'a', organisationName: 'AS Alfa', queries: 2, persons: 2 },
    ];
    expect(queriesByOrganisation(rows, '2026-11-01', '2026-11-03')).toEqual({
      categories: ['2026-11-01', '2026-11-02', '2026-11-03'],
      series: [
        { key: 'a', label: 'AS Alfa', values: [1, 2, 0] },
        { key: 'b', label: 'SIA Zeta', values: [0, 3, 0] },
      ],
    });
  });
});

describe('niceMaximum', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [1999, 2000],
    [2001, 5000],
  ])('rounds %i up to %i', (value, maximum) => {
    expect(niceMaximum(value)).toBe(maximum);
  });
});

describe('ticksOf', () => {
  it('ticks whole numbers on a small axis and quarters on a larger one', () => {
    expect(ticksOf(1)).toEqual([0, 1]);
    expect(ticksOf(2)).toEqual([0, 1, 2]);
    expect(ticksOf(500)).toEqual([0, 125, 250, 375, 500]);
  });
});
