import type { ServiceRequest, ServiceRequestDetail } from '@fpr/contract';
import type { Db } from '../../db/database';
import { loadCalendar } from '../calendar/calendar.repository';
import { rigaDate, type WorkingCalendar } from '../calendar/working-days';
import { deadlineView } from './deadline';
import type { RequestStatus } from './request-status';
import { toHistoryEntry, toRequestMessage, toServiceRequest } from './requests.mapper';
import { listRequestEvents, listRequestMessages, type ServiceRequestRow } from './requests.repository';

/** Requests as clients see them: days left counted on today's Latvian date. */
export async function viewRequests(db: Db, rows: ServiceRequestRow[], now: Date): Promise<ServiceRequest[]> {
  if (rows.length === 0) return [];
  const calendar = await loadCalendar(db);
  const today = rigaDate(now);
  return rows.map((row) => viewOne(row, calendar, today));
}

/** One request with its history and messages. */
export async function viewRequestDetail(
  db: Db,
  row: ServiceRequestRow,
  now: Date,
): Promise<ServiceRequestDetail> {
  const [request] = await viewRequests(db, [row], now);
  if (!request) throw new Error('a request row always yields a view');
  const history = await listRequestEvents(db, row.id);
  const messages = await listRequestMessages(db, row.id);
  return { ...request, history: history.map(toHistoryEntry), messages: messages.map(toRequestMessage) };
}

function viewOne(row: ServiceRequestRow, calendar: WorkingCalendar, today: string): ServiceRequest {
  const view = deadlineView(
    {
      // CHECK-constrained to the statuses.
      status: row.status as RequestStatus,
      deadline: row.deadline,
      waitingSince: row.waitingSince ? rigaDate(row.waitingSince) : null,
    },
    today,
    calendar,
  );
  return toServiceRequest(row, view);
}
