import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownOverrides2026 } from './known-overrides';
import {
  addCalendarDays,
  addWorkingDays,
  calendarOf,
  dayReason,
  isCalendarDate,
  isWorkingDay,
  publicHolidayName,
  rigaDate,
  statutoryCalendar,
  workingDaysBetween,
} from './working-days';

const moved2026 = calendarOf(knownOverrides2026);

describe('Latvian working days in 2026', () => {
  it.each([
    ['2026-01-01', false, 'publicHoliday'],
    ['2026-01-02', false, 'holidayOverride'],
    ['2026-01-03', false, 'weekend'],
    ['2026-01-05', true, 'weekday'],
    ['2026-01-17', true, 'workingDayOverride'],
    ['2026-01-18', false, 'weekend'],
    ['2026-04-02', true, 'weekday'],
    ['2026-04-03', false, 'publicHoliday'],
    ['2026-04-06', false, 'publicHoliday'],
    ['2026-04-07', true, 'weekday'],
    ['2026-05-01', false, 'publicHoliday'],
    ['2026-05-04', false, 'publicHoliday'],
    ['2026-05-05', true, 'weekday'],
    ['2026-06-22', true, 'weekday'],
    ['2026-06-23', false, 'publicHoliday'],
    ['2026-06-24', false, 'publicHoliday'],
    ['2026-06-25', true, 'weekday'],
    ['2026-11-17', true, 'weekday'],
    ['2026-11-18', false, 'publicHoliday'],
    ['2026-11-19', true, 'weekday'],
    ['2026-12-23', true, 'weekday'],
    ['2026-12-24', false, 'publicHoliday'],
    ['2026-12-25', false, 'publicHoliday'],
    ['2026-12-26', false, 'publicHoliday'],
    ['2026-12-28', true, 'weekday'],
    ['2026-12-31', false, 'publicHoliday'],
  ] as const)('%s is a working day: %s (%s)', (day, working, reason) => {
    expect(isWorkingDay(day, moved2026)).toBe(working);
    expect(dayReason(day, moved2026)).toBe(reason);
  });

  it('without the overrides, 2 January is worked and 17 January is a Saturday off', () => {
    expect(isWorkingDay('2026-01-02', statutoryCalendar)).toBe(true);
    expect(isWorkingDay('2026-01-17', statutoryCalendar)).toBe(false);
  });

  it('knows the 4 May substitute when it falls on a weekend (2025: Sunday → Monday 5 May)', () => {
    expect(isWorkingDay('2025-05-05', statutoryCalendar)).toBe(false);
    expect(publicHolidayName('2025-05-05')).toMatch(/Neatkarības/);
  });

  it.each([
    ['2026-04-02', 1, '2026-04-07', statutoryCalendar],
    ['2026-04-30', 1, '2026-05-05', statutoryCalendar],
    ['2026-06-22', 1, '2026-06-25', statutoryCalendar],
    ['2026-11-17', 1, '2026-11-19', statutoryCalendar],
    ['2026-12-23', 1, '2026-12-28', statutoryCalendar],
    ['2026-12-30', 1, '2027-01-04', statutoryCalendar],
    ['2025-12-31', 1, '2026-01-02', statutoryCalendar],
    ['2025-12-31', 1, '2026-01-05', moved2026],
    ['2026-01-16', 1, '2026-01-19', statutoryCalendar],
    ['2026-01-16', 1, '2026-01-17', moved2026],
    ['2026-06-10', 30, '2026-07-24', statutoryCalendar],
    ['2026-11-11', 30, '2026-12-28', statutoryCalendar],
    ['2026-06-10', 0, '2026-06-10', statutoryCalendar],
  ] as const)('addWorkingDays(%s, %i) = %s', (start, n, expected, calendar) => {
    expect(addWorkingDays(start, n, calendar)).toBe(expected);
  });

  it.each([
    ['2026-01-01', '2026-01-10', 6, 5],
    ['2026-01-10', '2026-01-20', 7, 8],
    ['2026-01-01', '2026-01-31', 21, 21],
    ['2025-12-31', '2026-12-31', 250, 250],
    ['2026-06-22', '2026-06-26', 2, 2],
    ['2026-06-26', '2026-06-22', -2, -2],
    ['2026-03-10', '2026-03-10', 0, 0],
  ] as const)(
    'workingDaysBetween(%s, %s) = %i statutory, %i with the moved days',
    (from, to, plain, moved) => {
      expect(workingDaysBetween(from, to, statutoryCalendar)).toBe(plain);
      expect(workingDaysBetween(from, to, moved2026)).toBe(moved);
    },
  );

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-01-05', -1, statutoryCalendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5, statutoryCalendar)).toThrow(RangeError);
  });
});

describe('dates in Latvia', () => {
  it.each([
    ['2026-06-09T20:59:59Z', '2026-06-09'],
    ['2026-06-09T21:00:00Z', '2026-06-10'],
    ['2026-01-01T21:59:59Z', '2026-01-01'],
    ['2026-01-01T22:00:00Z', '2026-01-02'],
    ['2026-03-28T21:59:59Z', '2026-03-28'],
    ['2026-03-28T22:00:00Z', '2026-03-29'],
    ['2026-10-24T20:59:59Z', '2026-10-24'],
    ['2026-10-24T21:00:00Z', '2026-10-25'],
  ])('the instant %s is %s in Rīga', (instant, day) => {
    expect(rigaDate(new Date(instant))).toBe(day);
  });

  it('turns at Rīga’s midnight to the second, when asked every second across it (the date is remembered per minute)', () => {
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' });
    for (const midnight of [
      '2026-06-09T21:00:00Z',
      '2026-01-01T22:00:00Z',
      '2026-03-28T22:00:00Z',
      '2026-10-24T21:00:00Z',
    ]) {
      const start = Date.parse(midnight) - 90_000;
      for (let ms = start; ms < start + 180_000; ms += 500)
        expect(rigaDate(new Date(ms)), new Date(ms).toISOString()).toBe(reference.format(new Date(ms)));
    }
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['20260101', false],
  ])('%s is a calendar date: %s', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
  });
});

const anyDay = fc.integer({ min: 0, max: 365 * 8 }).map((offset) => addCalendarDays('2023-01-01', offset));
const anyCalendar = fc.oneof(
  fc.constant(statutoryCalendar),
  fc.constant(moved2026),
  fc
    .array(fc.record({ day: anyDay, kind: fc.constantFrom('workingDay' as const, 'holiday' as const) }), {
      maxLength: 40,
    })
    .map(calendarOf),
);

describe('working-day properties', () => {
  it('addWorkingDays lands on a working day, and workingDaysBetween counts back to n', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 300 }), anyCalendar, (start, n, calendar) => {
        const end = addWorkingDays(start, n, calendar);
        expect(isWorkingDay(end, calendar)).toBe(true);
        expect(workingDaysBetween(start, end, calendar)).toBe(n);
        // No working day is skipped: the day before `end` still counts n − 1.
        expect(workingDaysBetween(start, addCalendarDays(end, -1), calendar)).toBe(n - 1);
      }),
    );
  });

  it('workingDaysBetween is additive over adjacent ranges and antisymmetric', () => {
    fc.assert(
      fc.property(anyDay, anyDay, anyDay, anyCalendar, (a, b, c, calendar) => {
        const [from, middle, to] = [a, b, c].sort();
        if (from === undefined || middle === undefined || to === undefined) return;
        expect(workingDaysBetween(from, middle, calendar) + workingDaysBetween(middle, to, calendar)).toBe(
          workingDaysBetween(from, to, calendar),
        );
        // Compared as a sum: negating a zero count gives -0, which toBe tells apart from 0.
        expect(workingDaysBetween(to, from, calendar) + workingDaysBetween(from, to, calendar)).toBe(0);
      }),
    );
  });

  it('seven consecutive days hold five working days minus the public holidays on weekdays', () => {
    const isMondayToFriday = (day: string) => ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
    fc.assert(
      fc.property(anyDay, (start) => {
        const week = Array.from({ length: 7 }, (_, i) => addCalendarDays(start, i + 1));
        const weekdayHolidays = week.filter((day) => isMondayToFriday(day) && publicHolidayName(day));
        expect(workingDaysBetween(start, addCalendarDays(start, 7), statutoryCalendar)).toBe(
          5 - weekdayHolidays.length,
        );
      }),
    );
  });
});
