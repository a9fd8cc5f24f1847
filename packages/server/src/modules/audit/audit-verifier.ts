import type { Db } from '../../db/database';
import { countUnlinkedAuditEvents, readChainHead, readSealedAuditEvents } from './audit-chain.repository';
import {
  type AuditChainIssue,
  finishChainWalk,
  finishUnlinked,
  startChainWalk,
  walkAuditRow,
} from './chain-verification';

export type { AuditChainIssue } from './chain-verification';

export interface AuditChainReport {
  /** True when every sealed record is present, unchanged and linked to the one before it. */
  ok: boolean;
  /** Sealed records checked (positions 1 to `headPosition`). */
  checkedCount: number;
  headPosition: string;
  /** Records committed but not yet linked by the sealer (they are checked once sealed). */
  unsealedCount: number;
  /** The findings in chain order; the first is the first broken link. */
  issues: AuditChainIssue[];
  /** More findings than listed. */
  hasMoreIssues: boolean;
}

const pageSize = 5_000;

/**
 * Walks the chain in position order, recomputing every hash, up to the head as it was when the
 * walk began (records sealed meanwhile are left for the next run). Reads only; runs beside writers.
 */
export async function verifyAuditChain(db: Db): Promise<AuditChainReport> {
  const head = await readChainHead(db);
  const walk = startChainWalk();
  let after = '0';
  for (;;) {
    const rows = await readSealedAuditEvents(db, { after, upTo: head.lastPosition }, pageSize);
    for (const row of rows) walkAuditRow(walk, row);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) break;
    after = last.chainPosition;
  }
  finishChainWalk(walk, head);
  const unlinked = await countUnlinkedAuditEvents(db, head.sealedBelowId);
  finishUnlinked(walk, { count: unlinked.belowMarkCount, ids: unlinked.belowMarkIds });
  return {
    ok: walk.issues.length === 0,
    checkedCount: walk.checkedCount,
    headPosition: head.lastPosition,
    unsealedCount: unlinked.waiting,
    issues: walk.issues,
    hasMoreIssues: walk.hasMoreIssues,
  };
}

/** The report as lines for a terminal. */
export function describeAuditChainReport(report: AuditChainReport): string[] {
  const summary = `${report.checkedCount} sealed records checked up to position ${report.headPosition}; ${report.unsealedCount} not yet sealed`;
  if (report.ok) return [`audit chain intact: ${summary}`];
  return [
    `audit chain BROKEN: ${summary}`,
    ...report.issues.map(describeIssue),
    ...(report.hasMoreIssues ? ['  … and more findings after these'] : []),
  ];
}

function describeIssue(issue: AuditChainIssue): string {
  switch (issue.kind) {
    case 'altered':
      return `  record ${issue.id} at position ${issue.position} was changed after sealing (its hash does not match)`;
    case 'brokenLink':
      return `  record ${issue.id} at position ${issue.position} does not link to the record before it (one of them was rewritten)`;
    case 'missing':
      return issue.fromPosition === issue.toPosition
        ? `  position ${issue.fromPosition} is missing (a record was removed)`
        : `  positions ${issue.fromPosition}–${issue.toPosition} are missing (records were removed)`;
    case 'headMismatch':
      return `  the last record, at position ${issue.position}, is not the one the chain head recorded`;
    case 'unlinked':
      return `  ${issue.count} sealed record(s) lost their link (ids ${issue.ids.join(', ')}${issue.count > issue.ids.length ? ', …' : ''})`;
  }
}
