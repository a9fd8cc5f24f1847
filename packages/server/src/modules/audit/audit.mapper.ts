import type {
  AuditActorKind,
  AuditEvent,
  AuditEventPage,
  AuditQueryType,
  Environment,
  SubjectReportDelivery,
} from '@fpr/contract';
import type { AuditEventRow, SubjectDeliveryRow } from './audit.repository';
import { encodeAuditCursor } from './audit-filters';

// The casts below name values the table's CHECK constraints allow and nothing else.
export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    requestId: row.requestId,
    occurredAt: new Date(row.occurredAt).toISOString(),
    organisationId: row.organisationId,
    environment: row.environment as Environment,
    actor: { kind: row.actorKind as AuditActorKind, id: row.actorId },
    endUser: row.endUser,
    purposeId: row.purposeId,
    caseReference: row.caseReference,
    queryType: row.queryType as AuditQueryType,
    searchParameters: row.searchParameters,
    personalCode: row.personalCode,
    fields: row.fields,
    feeCents: row.feeCents,
    chainPosition: row.chainPosition,
  };
}

/** A page from rows read with one extra: the extra only says that an older page exists. */
export function toAuditEventPage(rows: readonly AuditEventRow[], limit: number): AuditEventPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rows.length > limit && last !== undefined;
  return {
    events: page.map(toAuditEvent),
    next: hasMore ? encodeAuditCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
  };
}

export function toSubjectReportDelivery(row: SubjectDeliveryRow): SubjectReportDelivery {
  return {
    occurredAt: row.occurredAt.toISOString(),
    organisation: { name: row.organisationName, registrationNumber: row.registrationNumber },
    fields: row.fields,
    purpose: { legalBasis: row.legalBasis, purpose: row.purpose },
  };
}
