import { addWorkingDays, type WorkingCalendar, workingDaysBetween } from '../calendar/working-days';
import { openStatuses, type RequestStatus } from './request-status';

/** PMLP answers a request within 30 working days (DOMAIN §1). */
export const reviewPeriodWorkingDays = 30;

/**
 * The 30th working day after the submission date, pushed by every working day spent waiting for
 * clarification. Pushing an earlier deadline by k working days lands on the same day, so the
 * deadline can always be recomputed from the submission date (e.g. when the calendar changes).
 */
export function deadlineFor(
  submittedOn: string,
  pausedWorkingDays: number,
  calendar: WorkingCalendar,
): string {
  return addWorkingDays(submittedOn, reviewPeriodWorkingDays + pausedWorkingDays, calendar);
}

/** Working days the clock stood still: in (requested, answered], none when answered the same day. */
export function clarificationPause(
  requestedOn: string,
  answeredOn: string,
  calendar: WorkingCalendar,
): number {
  return Math.max(0, workingDaysBetween(requestedOn, answeredOn, calendar));
}

export interface DeadlineState {
  status: RequestStatus;
  deadline: string | null;
  /** The day the pending clarification was asked for, while the status is `clarification_requested`. */
  waitingSince: string | null;
}

export interface DeadlineView {
  /** The deadline as it stands today: while waiting, pushed by the pause so far. */
  deadline: string | null;
  daysLeft: number | null;
  isOverdue: boolean;
}

/**
 * Days left, counted in working days from `today` to the deadline (negative once it has passed).
 * Only requests PMLP still owes an answer count; while the requester is being waited for, the
 * clock stands still, so the days left do not shrink.
 */
export function deadlineView(state: DeadlineState, today: string, calendar: WorkingCalendar): DeadlineView {
  if (state.deadline === null || !openStatuses.includes(state.status)) {
    return { deadline: state.deadline, daysLeft: null, isOverdue: false };
  }
  const pausedSoFar =
    state.status === 'clarification_requested' && state.waitingSince !== null
      ? clarificationPause(state.waitingSince, today, calendar)
      : 0;
  const deadline = addWorkingDays(state.deadline, pausedSoFar, calendar);
  return { deadline, daysLeft: workingDaysBetween(today, deadline, calendar), isOverdue: today > deadline };
}
