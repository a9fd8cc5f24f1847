import type { ChangeEventView, PersonHistoryResponse, PersonRecord } from '@fpr/contract';
import type { ChangeEventRow } from './register-read.repository';

/** Rows never cross the HTTP boundary: this turns them into the contract's shapes. */
export function toChangeEventView(row: ChangeEventRow): ChangeEventView {
  return {
    changeEventId: row.id,
    sequence: row.sequence,
    type: row.type as ChangeEventView['type'],
    personalCode: row.personalCode,
    previousPersonalCode: row.previousPersonalCode,
    version: row.version,
    changedScopes: row.changedScopes as ChangeEventView['changedScopes'],
    effectiveDate: row.effectiveDate,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy,
    details: row.details,
  };
}

export function toPersonHistory(input: {
  record: PersonRecord;
  version: number;
  currentVersion: number;
  versions: Array<{ version: number; personalCode: string; recordedAt: Date; changeEventId: string | null }>;
  events: ChangeEventRow[];
}): PersonHistoryResponse {
  return {
    personalCode: input.record.identity.personalCode,
    version: input.version,
    currentVersion: input.currentVersion,
    record: input.record,
    versions: input.versions.map((v) => ({ ...v, recordedAt: v.recordedAt.toISOString() })),
    events: input.events.map(toChangeEventView),
  };
}
