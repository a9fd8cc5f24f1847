import type {
  ContractApproval,
  ContractComment,
  ContractEvent,
  ContractPurpose,
  ContractSide,
  ContractStatus,
  ContractSummary,
  ContractVersion,
  ContractVersionSummary,
  Environment,
  PurposeChannel,
  PurposeGrant,
  PurposeInput,
  PurposeStatus,
} from '@fpr/contract';
import type { ApprovalRow, CommentRow, VersionRow, VersionSummaryRow } from './contract-versions.repository';
import type { ContractEventRow, ContractRow, RequestAccessRow } from './contracts.repository';
import type { RequestedAccess } from './purpose-rules';
import type { NewPurpose, PurposeRow } from './purposes.repository';

// Status, side, channel and environment columns are CHECK-constrained to the contract's values,
// so the casts below only name what the database already guarantees.

export function toContractSummary(row: ContractRow): ContractSummary {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    requestId: row.requestId,
    status: row.status as ContractStatus,
    latestVersion: row.latestVersion,
    agreedVersion: row.agreedVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toVersionSummary(row: VersionSummaryRow): ContractVersionSummary {
  return {
    number: row.number,
    textHash: row.textHash,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    commentCount: row.commentCount,
  };
}

export function toContractVersion(row: VersionRow, comments: readonly CommentRow[]): ContractVersion {
  return {
    number: row.number,
    text: row.text,
    textHash: row.textHash,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    comments: comments.map(toContractComment),
  };
}

export function toContractComment(row: CommentRow): ContractComment {
  return {
    id: row.id,
    version: row.versionNumber,
    body: row.body,
    authorName: row.authorName,
    side: sideOf(row.authorOrganisationId),
    at: row.at.toISOString(),
  };
}

/** PMLP staff belong to no organisation; everyone else speaks for their organisation. */
export function sideOf(organisationId: string | null): ContractSide {
  return organisationId === null ? 'pmlp' : 'organisation';
}

export function toContractApproval(row: ApprovalRow): ContractApproval {
  return {
    version: row.versionNumber,
    side: row.side as ContractSide,
    textHash: row.textHash,
    approvedByName: row.approvedByName,
    approvedAt: row.approvedAt.toISOString(),
  };
}

export function toContractEvent(row: ContractEventRow): ContractEvent {
  return {
    action: row.action,
    detail: isRecord(row.detail) ? row.detail : {},
    actorName: row.actorName,
    reason: row.reason,
    at: row.at.toISOString(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toPurposeGrant(row: PurposeRow): PurposeGrant {
  return {
    id: row.id,
    legalBasis: row.legalBasis,
    purpose: row.purpose,
    scopes: row.scopes,
    fields: row.fields,
    channels: row.channels as PurposeChannel[],
    monitoring: row.isMonitoring,
    validFrom: row.validFrom,
    validTo: row.validTo,
    requiresCaseReference: row.requiresCaseReference,
    requiresEndUser: row.requiresEndUser,
  };
}

export function toContractPurpose(row: PurposeRow): ContractPurpose {
  return {
    ...toPurposeGrant(row),
    contractId: row.contractId,
    environments: row.environments as Environment[],
    covert: row.isCovert,
    disclosureDate: row.disclosureDate,
    populationTerritories: row.populationTerritories,
    status: row.status as PurposeStatus,
    createdAt: row.createdAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}

/** A purpose as granted, trimmed and with its defaults spelled out, ready to insert. */
export function toNewPurpose(input: PurposeInput): NewPurpose {
  return {
    legalBasis: input.legalBasis.trim(),
    purpose: input.purpose.trim(),
    scopes: [...(input.scopes ?? [])],
    fields: [...(input.fields ?? [])],
    channels: [...input.channels],
    environments: [...input.environments],
    isMonitoring: input.monitoring,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
    requiresCaseReference: input.requiresCaseReference ?? false,
    requiresEndUser: input.requiresEndUser ?? false,
    isCovert: input.covert ?? false,
    disclosureDate: input.disclosureDate ?? null,
    populationTerritories: [...(input.populationTerritories ?? [])],
  };
}

/**
 * The request's scopes column is JSON written by the requests module (`[{ scope, fields? }]`); anything
 * unreadable counts as not requested, so a malformed row can only narrow what activation may grant.
 */
export function toRequestedAccess(row: RequestAccessRow): RequestedAccess {
  const entries = Array.isArray(row.scopes) ? row.scopes : [];
  return {
    scopes: entries.flatMap(toRequestedScope),
    channels: row.channels,
    environments: row.environments,
    wantsMonitoring: row.wantsMonitoring,
  };
}

function toRequestedScope(entry: unknown): RequestedAccess['scopes'] {
  if (!isRecord(entry) || typeof entry.scope !== 'string') return [];
  if (entry.fields === undefined || entry.fields === null) return [{ scope: entry.scope }];
  if (!Array.isArray(entry.fields)) return [];
  const fields = entry.fields.filter((field): field is string => typeof field === 'string');
  // An empty list would read as the whole scope: a narrowing that lost its fields grants nothing.
  return fields.length === 0 ? [] : [{ scope: entry.scope, fields }];
}
