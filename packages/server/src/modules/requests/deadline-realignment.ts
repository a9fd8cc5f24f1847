import type { Db } from '../../db/database';
import { rigaDate, type WorkingCalendar } from '../calendar/working-days';
import { deadlineFor } from './deadline';
import { lockOpenRequestDeadlines, setDeadline } from './requests.repository';

/**
 * Recomputes the deadline of every request PMLP still owes an answer after the calendar changed,
 * inside the caller's transaction. Returns how many deadlines moved.
 */
export async function realignOpenRequestDeadlines(
  trx: Db,
  calendar: WorkingCalendar,
  at: Date,
): Promise<number> {
  let moved = 0;
  for (const request of await lockOpenRequestDeadlines(trx)) {
    const deadline = deadlineFor(rigaDate(request.submittedAt), request.pausedWorkingDays, calendar);
    if (deadline === request.deadline) continue;
    await setDeadline(trx, request.id, {
      deadline,
      pausedWorkingDays: request.pausedWorkingDays,
      updatedAt: at,
    });
    moved += 1;
  }
  return moved;
}
