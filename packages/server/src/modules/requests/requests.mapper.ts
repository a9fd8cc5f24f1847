import type {
  RequestContactPerson,
  RequestedScope,
  RequestMessage,
  RequestStatus,
  ServiceRequest,
  ServiceRequestDetail,
  ServiceRequestInput,
} from '@fpr/contract';
import type { DeadlineView } from './deadline';
import type { PersonRef, RequestEventRow, RequestMessageRow, ServiceRequestRow } from './requests.repository';

export function toServiceRequest(row: ServiceRequestRow, view: DeadlineView): ServiceRequest {
  return {
    id: row.id,
    organisationId: row.organisationId,
    // CHECK-constrained to the statuses.
    status: row.status as RequestStatus,
    title: row.title,
    // Written only from input the contract schema validated.
    scopes: row.scopes as RequestedScope[],
    channels: row.channels as ServiceRequestInput['channels'],
    environments: row.environments as ServiceRequestInput['environments'],
    expectedSystemUsers: row.expectedSystemUsers,
    wantsMonitoring: row.wantsMonitoring,
    contactPersons: row.contactPersons as RequestContactPerson[],
    submittedAt: row.submittedAt?.toISOString() ?? null,
    deadline: view.deadline,
    pausedWorkingDays: row.pausedWorkingDays,
    daysLeft: view.daysLeft,
    isOverdue: view.isOverdue,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toPerson(person: PersonRef) {
  return {
    id: person.id,
    displayName: person.displayName,
    side: person.organisationId === null ? ('pmlp' as const) : ('organisation' as const),
  };
}

export function toHistoryEntry(row: RequestEventRow): ServiceRequestDetail['history'][number] {
  // Both columns are CHECK-constrained to the statuses.
  return {
    fromStatus: row.fromStatus as RequestStatus | null,
    toStatus: row.toStatus as RequestStatus,
    actor: toPerson(row.actor),
    note: row.note,
    at: row.at.toISOString(),
  };
}

export function toRequestMessage(row: RequestMessageRow): RequestMessage {
  return {
    id: row.id,
    // CHECK-constrained to the message kinds.
    kind: row.kind as RequestMessage['kind'],
    body: row.body,
    author: toPerson(row.author),
    at: row.at.toISOString(),
  };
}
