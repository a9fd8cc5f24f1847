import type { ConnectionAction, ConnectionStatus } from '@fpr/contract';

/** The steps PMLP takes with a connection (DOMAIN §3 step 4): `configured → active ⇄ suspended`. */
export type ConnectionStep = 'activate' | 'suspend' | 'restore';

const steps: Readonly<
  Record<ConnectionStep, { from: ConnectionStatus; to: ConnectionStatus; action: ConnectionAction }>
> = {
  activate: { from: 'configured', to: 'active', action: 'activated' },
  suspend: { from: 'active', to: 'suspended', action: 'suspended' },
  // Restoring is its own step (not a second activation) so the history tells the two apart.
  restore: { from: 'suspended', to: 'active', action: 'restored' },
};

/** The status and history action after `step`, or undefined when the step is not allowed from `status`. */
export function connectionStep(
  status: ConnectionStatus,
  step: ConnectionStep,
): { to: ConnectionStatus; action: ConnectionAction } | undefined {
  const rule = steps[step];
  return rule.from === status ? { to: rule.to, action: rule.action } : undefined;
}

/** Only an active connection admits tokens and PDP sessions. */
export function isUsable(status: ConnectionStatus): boolean {
  return status === 'active';
}
