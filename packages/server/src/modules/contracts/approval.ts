import { createHash } from 'node:crypto';
import type { ContractSide, ContractStatus } from '@fpr/contract';

/** sha256 (hex) of the exact text, as its UTF-8 bytes: an approval names the text it approves. */
export function contractTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface VersionReference {
  number: number;
  textHash: string;
}

export interface ApprovalAttempt {
  status: ContractStatus;
  /** The newest version of the contract. */
  latest: VersionReference;
  /** The version and hash the approving side names. */
  approval: VersionReference;
  side: ContractSide;
  /** Sides that already approved the newest version. */
  sidesApprovedLatest: readonly ContractSide[];
}

export type ApprovalRefusal = 'notDrafting' | 'notLatest' | 'staleHash' | 'alreadyApproved';

export type ApprovalVerdict =
  | { isAccepted: true; isAgreed: boolean }
  | { isAccepted: false; refusal: ApprovalRefusal; detail: string };

const otherSide: Readonly<Record<ContractSide, ContractSide>> = {
  organisation: 'pmlp',
  pmlp: 'organisation',
};

/**
 * A side approves one exact text: the newest version, named by number and by its hash (a hash that no
 * longer matches means the approver read another text). The contract is agreed when both sides have
 * approved the same newest version; approvals of earlier versions stay in history but count for nothing.
 */
export function judgeApproval(attempt: ApprovalAttempt): ApprovalVerdict {
  if (attempt.status !== 'drafting')
    return refuse('notDrafting', 'Only a contract being drafted can be approved.');
  if (attempt.approval.number !== attempt.latest.number)
    return refuse('notLatest', `Only the latest version (${attempt.latest.number}) can be approved.`);
  if (attempt.approval.textHash !== attempt.latest.textHash)
    return refuse('staleHash', 'The hash does not match the text of this version; read it again.');
  if (attempt.sidesApprovedLatest.includes(attempt.side))
    return refuse('alreadyApproved', 'This side has already approved this version.');
  return { isAccepted: true, isAgreed: attempt.sidesApprovedLatest.includes(otherSide[attempt.side]) };
}

function refuse(refusal: ApprovalRefusal, detail: string): ApprovalVerdict {
  return { isAccepted: false, refusal, detail };
}
