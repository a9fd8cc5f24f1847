import { type AuditChainContent, auditLinkHash, type ChainHead, genesisHash } from './audit-chain';

/** What the verifier can find wrong with the chain. */
export type AuditChainIssue =
  /** The record's content no longer hashes to its stored hash: it was changed after sealing. */
  | { kind: 'altered'; id: string; position: string }
  /** The record's previous hash is not the stored hash of the record before it: one of them was rewritten. */
  | { kind: 'brokenLink'; id: string; position: string }
  /** Positions with no record: records were removed. */
  | { kind: 'missing'; fromPosition: string; toPosition: string }
  /** The last record's hash is not the one the chain head recorded: the tail was rewritten. */
  | { kind: 'headMismatch'; position: string }
  /** Records below the sealer's mark without a link (every one there was linked): links were removed. */
  | { kind: 'unlinked'; count: number; ids: string[] };

export interface SealedAuditRow extends AuditChainContent {
  chainPosition: string;
  previousHash: string;
  hash: string;
}

/** Beyond this many, the verifier stops listing (the first ones say where to look). */
export const maxListedIssues = 100;

/** The state of a walk along the chain in position order. */
export interface ChainWalk {
  nextPosition: bigint;
  previousHash: string;
  checkedCount: number;
  issues: AuditChainIssue[];
  hasMoreIssues: boolean;
}

export function startChainWalk(): ChainWalk {
  return { nextPosition: 1n, previousHash: genesisHash, checkedCount: 0, issues: [], hasMoreIssues: false };
}

/**
 * Checks the next sealed record. After a finding the walk goes on from the record's own stored
 * values, so one tampered record is reported once and later, intact records are not blamed.
 */
export function walkAuditRow(walk: ChainWalk, row: SealedAuditRow): void {
  const position = BigInt(row.chainPosition);
  const hasGap = position > walk.nextPosition;
  if (hasGap)
    report(walk, {
      kind: 'missing',
      fromPosition: walk.nextPosition.toString(),
      toPosition: (position - 1n).toString(),
    });
  if (!hasGap && row.previousHash !== walk.previousHash)
    report(walk, { kind: 'brokenLink', id: row.id, position: row.chainPosition });
  if (auditLinkHash(row.previousHash, row.chainPosition, row) !== row.hash)
    report(walk, { kind: 'altered', id: row.id, position: row.chainPosition });
  walk.nextPosition = position + 1n;
  walk.previousHash = row.hash;
  walk.checkedCount += 1;
}

/** The end of the walk against the head: a removed or rewritten tail shows only here. */
export function finishChainWalk(walk: ChainWalk, head: ChainHead): void {
  const lastPosition = BigInt(head.lastPosition);
  if (walk.nextPosition <= lastPosition) {
    report(walk, {
      kind: 'missing',
      fromPosition: walk.nextPosition.toString(),
      toPosition: head.lastPosition,
    });
    return;
  }
  if (walk.previousHash !== head.lastHash)
    report(walk, { kind: 'headMismatch', position: head.lastPosition });
}

/** Records the sealer had linked (they lie below its mark) but that no link names any more. */
export function finishUnlinked(walk: ChainWalk, unlinked: { count: number; ids: string[] }): void {
  if (unlinked.count > 0) report(walk, { kind: 'unlinked', count: unlinked.count, ids: unlinked.ids });
}

function report(walk: ChainWalk, issue: AuditChainIssue): void {
  if (walk.issues.length < maxListedIssues) walk.issues.push(issue);
  else walk.hasMoreIssues = true;
}
