import type { ServiceRequest } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { compareForReview } from './review-queue';

function request(
  id: string,
  fields: Pick<ServiceRequest, 'daysLeft' | 'isOverdue' | 'deadline'> & { updatedAt?: string },
): ServiceRequest {
  return {
    id,
    organisationId: '00000000-0000-4000-8000-000000000000',
    status: fields.daysLeft === null ? 'rejected' : 'in_review',
    title: id,
    scopes: [],
    channels: ['api'],
    environments: ['test'],
    expectedSystemUsers: 0,
    wantsMonitoring: false,
    contactPersons: [],
    submittedAt: '2026-06-01T08:00:00.000Z',
    pausedWorkingDays: 0,
    createdAt: '2026-06-01T08:00:00.000Z',
    updatedAt: fields.updatedAt ?? '2026-06-01T08:00:00.000Z',
    ...fields,
  };
}

describe('review queue order', () => {
  it('puts overdue first, then fewest days left, then closed requests newest first', () => {
    const queue = [
      request('closed-old', {
        daysLeft: null,
        isOverdue: false,
        deadline: '2026-07-01',
        updatedAt: '2026-07-01T00:00:00Z',
      }),
      request('ten-left', { daysLeft: 10, isOverdue: false, deadline: '2026-07-20' }),
      request('closed-new', {
        daysLeft: null,
        isOverdue: false,
        deadline: '2026-07-02',
        updatedAt: '2026-07-09T00:00:00Z',
      }),
      request('weekend-overdue', { daysLeft: 0, isOverdue: true, deadline: '2026-07-03' }),
      request('two-overdue', { daysLeft: -2, isOverdue: true, deadline: '2026-07-01' }),
      request('due-today', { daysLeft: 0, isOverdue: false, deadline: '2026-07-06' }),
      request('two-left', { daysLeft: 2, isOverdue: false, deadline: '2026-07-08' }),
    ];
    expect(queue.sort(compareForReview).map((entry) => entry.id)).toEqual([
      'two-overdue',
      'weekend-overdue',
      'due-today',
      'two-left',
      'ten-left',
      'closed-new',
      'closed-old',
    ]);
  });
});
