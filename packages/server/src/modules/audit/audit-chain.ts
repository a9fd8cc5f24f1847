import { createHash } from 'node:crypto';

// The hash chain of the access log (ADR 0005). Pure functions: the sealer links with them and the
// verifier recomputes with them, so both read a record the same way by construction.

/** The `previous_hash` of the first record. */
export const genesisHash = '0'.repeat(64);

/** Bumped only with a new chain: the hash of every sealed record depends on this serialisation. */
const contentVersion = 'fpr-audit/1';

/** What a record's hash covers, as the repository reads it (timestamps as UTC text with microseconds). */
export interface AuditChainContent {
  id: string;
  requestId: string;
  occurredAt: string;
  organisationId: string;
  environment: string;
  actorKind: string;
  actorId: string;
  endUser: string | null;
  purposeId: string;
  caseReference: string | null;
  queryType: string;
  searchParameters: string[];
  personId: string;
  personalCode: string;
  fields: string[];
  feeCents: number;
}

export interface ChainLink {
  id: string;
  chainPosition: string;
  previousHash: string;
  hash: string;
}

export interface ChainHead {
  lastPosition: string;
  lastHash: string;
}

/**
 * The canonical serialisation: a JSON array in a fixed order, so no key order or formatting choice
 * can change it. The position is inside, so moving a record along the chain breaks it too.
 */
export function canonicalAuditContent(position: string, row: AuditChainContent): string {
  return JSON.stringify([
    contentVersion,
    position,
    row.id,
    row.requestId,
    row.occurredAt,
    row.organisationId,
    row.environment,
    row.actorKind,
    row.actorId,
    row.endUser,
    row.purposeId,
    row.caseReference,
    row.queryType,
    row.searchParameters,
    row.personId,
    row.personalCode,
    row.fields,
    row.feeCents,
  ]);
}

/** `sha256(previous hash bytes ‖ canonical content)`, hex. */
export function auditLinkHash(previousHash: string, position: string, row: AuditChainContent): string {
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(canonicalAuditContent(position, row), 'utf8')
    .digest('hex');
}

/** Links records after the head, in the order given; the last link is the new head. */
export function linkAuditEvents(head: ChainHead, rows: readonly AuditChainContent[]): ChainLink[] {
  let position = BigInt(head.lastPosition);
  let previousHash = head.lastHash;
  return rows.map((row) => {
    position += 1n;
    const chainPosition = position.toString();
    const hash = auditLinkHash(previousHash, chainPosition, row);
    const link = { id: row.id, chainPosition, previousHash, hash };
    previousHash = hash;
    return link;
  });
}
