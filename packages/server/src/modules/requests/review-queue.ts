import type { ServiceRequest } from '@fpr/contract';

/**
 * The reviewer's order: requests PMLP owes an answer to first, overdue ones at the top, then by
 * working days left and deadline; the rest follow, most recently changed first.
 */
export function compareForReview(a: ServiceRequest, b: ServiceRequest): number {
  const aOpen = a.daysLeft !== null;
  const bOpen = b.daysLeft !== null;
  if (aOpen !== bOpen) return aOpen ? -1 : 1;
  if (a.daysLeft !== null && b.daysLeft !== null) {
    if (a.isOverdue !== b.isOverdue) return a.isOverdue ? -1 : 1;
    if (a.daysLeft !== b.daysLeft) return a.daysLeft - b.daysLeft;
    return (
      compareText(a.deadline ?? '', b.deadline ?? '') ||
      compareText(a.submittedAt ?? '', b.submittedAt ?? '') ||
      compareText(a.id, b.id)
    );
  }
  return compareText(b.updatedAt, a.updatedAt) || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
