import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, ageOn, dayOf, isoDate } from './dates';

const MS_PER_DAY = 86_400_000;

describe('day numbers', () => {
  it('agree with the JavaScript calendar from 1800 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000, max: 47_000 }), (day) => {
        const iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
        expect(isoDate(day)).toBe(iso);
        expect(dayOf(iso)).toBe(day);
      }),
    );
  });

  it.each(['2023-02-29', '2024-13-01', '1990-04-31', '19900101'])('refuses %s', (input) => {
    expect(() => dayOf(input)).toThrow(RangeError);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['1990-06-15', -18, '1972-06-15'],
  ])('adds years to %s (+%i) → %s', (from, years, to) => {
    expect(isoDate(addYears(dayOf(from), years))).toBe(to);
  });

  it.each([
    ['2000-06-02', '2025-06-01', 24],
    ['2000-06-01', '2025-06-01', 25],
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
  ])('counts full years from %s to %s as %i', (birth, on, age) => {
    expect(ageOn(dayOf(birth), dayOf(on))).toBe(age);
  });
});
