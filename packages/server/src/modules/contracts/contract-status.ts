import type { ContractStatus, PurposeStatus } from '@fpr/contract';

/** What can happen to a contract after drafting; each has one target status. */
export type ContractAction = 'agree' | 'activate' | 'suspend' | 'resume' | 'terminate';

const transitions: Readonly<Record<ContractAction, { from: readonly ContractStatus[]; to: ContractStatus }>> =
  {
    agree: { from: ['drafting'], to: 'agreed' },
    activate: { from: ['agreed'], to: 'active' },
    suspend: { from: ['active'], to: 'suspended' },
    resume: { from: ['suspended'], to: 'active' },
    // Termination is final: nothing leaves `terminated`.
    terminate: { from: ['active', 'suspended'], to: 'terminated' },
  };

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function contractStatusAfter(
  status: ContractStatus,
  action: ContractAction,
): ContractStatus | undefined {
  const transition = transitions[action];
  return transition.from.includes(status) ? transition.to : undefined;
}

export type PurposeAction = 'suspend' | 'resume' | 'terminate';

/**
 * How a contract's purposes follow it: suspension pauses the active ones, resumption restores exactly
 * those, termination withdraws every purpose not already withdrawn.
 */
export const purposeStatusChanges: Readonly<
  Record<PurposeAction, { from: readonly PurposeStatus[]; to: PurposeStatus }>
> = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  terminate: { from: ['active', 'suspended'], to: 'withdrawn' },
};

/** The text is negotiated (versions, comments, approvals) only while drafting. */
export function isTextOpen(status: ContractStatus): boolean {
  return status === 'drafting';
}

/** Purposes are added or withdrawn only on a contract in force. */
export function isAmendable(status: ContractStatus): boolean {
  return status === 'active';
}
