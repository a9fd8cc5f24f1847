import type { ReasonRequest, UserAccount } from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const usersQueryKey = ['organisation', 'users'] as const;

export const usersApi = {
  list: () => apiRequest<{ users: UserAccount[] }>('GET', '/api/v1/org/users'),
  unblock: (userId: string, body: ReasonRequest) =>
    apiRequest<UserAccount>('POST', `/api/v1/org/users/${encodeURIComponent(userId)}/unblock`, { body }),
};
