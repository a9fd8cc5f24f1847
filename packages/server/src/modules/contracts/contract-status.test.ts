import { type ContractStatus, contractStatuses } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { type ContractAction, contractStatusAfter, isAmendable, isTextOpen } from './contract-status';

describe('contractStatusAfter', () => {
  const allowed: [ContractStatus, ContractAction, ContractStatus][] = [
    ['drafting', 'agree', 'agreed'],
    ['agreed', 'activate', 'active'],
    ['active', 'suspend', 'suspended'],
    ['suspended', 'resume', 'active'],
    ['active', 'terminate', 'terminated'],
    ['suspended', 'terminate', 'terminated'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(contractStatusAfter(from, action)).toBe(to);
  });

  const actions: ContractAction[] = ['agree', 'activate', 'suspend', 'resume', 'terminate'];
  const refused = contractStatuses.flatMap((from) =>
    actions
      .filter(
        (action) => !allowed.some(([status, allowedAction]) => status === from && allowedAction === action),
      )
      .map((action) => [from, action] as const),
  );
  it.each(refused)('refuses %s --%s-->', (from, action) => {
    expect(contractStatusAfter(from, action)).toBeUndefined();
  });

  it('never leaves terminated', () => {
    expect(actions.map((action) => contractStatusAfter('terminated', action))).toEqual(
      actions.map(() => undefined),
    );
  });
});

describe('what each status allows', () => {
  it.each([
    ['drafting', true, false],
    ['agreed', false, false],
    ['active', false, true],
    ['suspended', false, false],
    ['terminated', false, false],
  ] as const)('%s: text open %s, amendable %s', (status, textOpen, amendable) => {
    expect(isTextOpen(status)).toBe(textOpen);
    expect(isAmendable(status)).toBe(amendable);
  });
});
