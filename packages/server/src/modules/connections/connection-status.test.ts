import { type ConnectionStatus, connectionStatuses } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { type ConnectionStep, connectionStep, isUsable } from './connection-status';

describe('connectionStep', () => {
  it.each<[ConnectionStatus, ConnectionStep, ConnectionStatus | undefined]>([
    ['configured', 'activate', 'active'],
    ['configured', 'suspend', undefined],
    ['configured', 'restore', undefined],
    ['active', 'activate', undefined],
    ['active', 'suspend', 'suspended'],
    ['active', 'restore', undefined],
    ['suspended', 'activate', undefined],
    ['suspended', 'suspend', undefined],
    ['suspended', 'restore', 'active'],
  ])('%s + %s → %s', (status, step, expected) => {
    expect(connectionStep(status, step)?.to).toBe(expected);
  });

  it('records a restoration apart from the first activation', () => {
    expect(connectionStep('configured', 'activate')?.action).toBe('activated');
    expect(connectionStep('suspended', 'restore')?.action).toBe('restored');
  });

  it('never leads back to configured', () => {
    for (const status of connectionStatuses)
      for (const step of ['activate', 'suspend', 'restore'] as const)
        expect(connectionStep(status, step)?.to).not.toBe('configured');
  });
});

describe('isUsable', () => {
  it('admits only an active connection', () => {
    expect(connectionStatuses.filter(isUsable)).toEqual(['active']);
  });
});
