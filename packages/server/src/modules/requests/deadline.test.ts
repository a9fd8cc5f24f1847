import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownOverrides2026 } from '../calendar/known-overrides';
import {
  addCalendarDays,
  addWorkingDays,
  calendarOf,
  isWorkingDay,
  statutoryCalendar,
  workingDaysBetween,
} from '../calendar/working-days';
import { clarificationPause, deadlineFor, deadlineView } from './deadline';
import type { RequestStatus } from './request-status';

const moved2026 = calendarOf(knownOverrides2026);

describe('the 30-working-day deadline', () => {
  it.each([
    // 23–24 June are skipped: without them the deadline would be 22 July.
    ['2026-06-10', 0, statutoryCalendar, '2026-07-24'],
    // 18 November is skipped.
    ['2026-10-20', 0, statutoryCalendar, '2026-12-02'],
    // 18 November, then 24–25 December.
    ['2026-11-11', 0, statutoryCalendar, '2026-12-28'],
    // Good Friday and Easter Monday.
    ['2026-03-16', 0, statutoryCalendar, '2026-04-29'],
    // 1 and 4 May.
    ['2026-04-15', 0, statutoryCalendar, '2026-05-29'],
    // Christmas, New Year's Eve and Day, and the moved 2 January: the deadline slips one day.
    ['2025-11-20', 0, statutoryCalendar, '2026-01-08'],
    ['2025-11-20', 0, moved2026, '2026-01-09'],
    // The worked Saturday 17 January can itself be the deadline.
    ['2025-11-28', 0, statutoryCalendar, '2026-01-16'],
    ['2025-11-28', 0, moved2026, '2026-01-17'],
    // After 17 January the transfer evens out.
    ['2025-12-15', 0, moved2026, '2026-02-02'],
    ['2025-12-15', 0, statutoryCalendar, '2026-02-02'],
    // Three working days of clarification push the deadline three working days.
    ['2026-06-10', 3, statutoryCalendar, '2026-07-29'],
  ] as const)('submitted %s, %i days paused → %s', (submittedOn, paused, calendar, expected) => {
    expect(deadlineFor(submittedOn, paused, calendar)).toBe(expected);
  });

  it.each([
    ['2026-06-19', '2026-06-26', 3],
    ['2026-06-19', '2026-06-19', 0],
    ['2026-06-19', '2026-06-21', 0],
    ['2026-01-16', '2026-01-19', 1],
    ['2026-06-26', '2026-06-19', 0],
  ] as const)('waiting from %s to %s pauses %i working days', (requestedOn, answeredOn, expected) => {
    expect(clarificationPause(requestedOn, answeredOn, statutoryCalendar)).toBe(expected);
  });

  it('pushes the same moved Saturday into a pause counted with the overrides', () => {
    expect(clarificationPause('2026-01-16', '2026-01-19', moved2026)).toBe(2);
  });
});

describe('days left', () => {
  const state = (status: RequestStatus, waitingSince: string | null = null) => ({
    status,
    deadline: '2026-07-24',
    waitingSince,
  });

  it.each([
    ['in_review', '2026-07-20', '2026-07-24', 4, false],
    ['submitted', '2026-07-24', '2026-07-24', 0, false],
    ['contract_drafting', '2026-07-28', '2026-07-24', -2, true],
    // A weekend after the deadline: no working day is lost yet, but the deadline has passed.
    ['in_review', '2026-07-25', '2026-07-24', 0, true],
  ] as const)('%s on %s: deadline %s, %i left, overdue %s', (status, today, deadline, left, overdue) => {
    expect(deadlineView(state(status), today, statutoryCalendar)).toEqual({
      deadline,
      daysLeft: left,
      isOverdue: overdue,
    });
  });

  it('stands still while a clarification is pending', () => {
    const atRequest = deadlineView(state('in_review'), '2026-07-01', statutoryCalendar);
    const waiting = deadlineView(
      state('clarification_requested', '2026-07-01'),
      '2026-07-08',
      statutoryCalendar,
    );
    expect(atRequest.daysLeft).toBe(17);
    expect(waiting).toEqual({ deadline: '2026-07-31', daysLeft: 17, isOverdue: false });
  });

  it.each(['rejected', 'withdrawn', 'contract_agreed', 'active'] as const)(
    'is not counted once the request is %s',
    (status) => {
      expect(deadlineView(state(status), '2026-09-01', statutoryCalendar)).toEqual({
        deadline: '2026-07-24',
        daysLeft: null,
        isOverdue: false,
      });
    },
  );

  it('is not counted for a draft, which has no deadline', () => {
    expect(
      deadlineView({ status: 'draft', deadline: null, waitingSince: null }, '2026-07-01', moved2026),
    ).toEqual({
      deadline: null,
      daysLeft: null,
      isOverdue: false,
    });
  });
});

const anyDay = fc.integer({ min: 0, max: 365 * 6 }).map((offset) => addCalendarDays('2024-01-01', offset));
const anyCalendar = fc.constantFrom(statutoryCalendar, moved2026);

describe('deadline properties', () => {
  it('falls on a working day exactly 30 + paused working days after submission', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 60 }), anyCalendar, (submittedOn, paused, calendar) => {
        const deadline = deadlineFor(submittedOn, paused, calendar);
        expect(isWorkingDay(deadline, calendar)).toBe(true);
        expect(workingDaysBetween(submittedOn, deadline, calendar)).toBe(30 + paused);
        expect(deadline).toBe(addWorkingDays(deadlineFor(submittedOn, 0, calendar), paused, calendar));
      }),
    );
  });

  it('keeps the days left constant while waiting for a clarification', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 0, max: 90 }),
        anyCalendar,
        (submittedOn, askedAfter, waited, calendar) => {
          const deadline = deadlineFor(submittedOn, 0, calendar);
          const askedOn = addWorkingDays(submittedOn, askedAfter, calendar);
          const today = addCalendarDays(askedOn, waited);
          const before = deadlineView(
            { status: 'in_review', deadline, waitingSince: null },
            askedOn,
            calendar,
          );
          const during = deadlineView(
            { status: 'clarification_requested', deadline, waitingSince: askedOn },
            today,
            calendar,
          );
          expect(during.daysLeft).toBe(before.daysLeft);
          expect(during.isOverdue).toBe(false);
        },
      ),
    );
  });
});
