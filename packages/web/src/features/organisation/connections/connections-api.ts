import type { ConnectionList, PurposeList } from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const connectionsQueryKey = ['organisation', 'connections'] as const;
export const purposesQueryKey = ['organisation', 'purposes'] as const;

export const connectionsApi = {
  list: () => apiRequest<ConnectionList>('GET', '/api/v1/org/connections'),
  purposes: () => apiRequest<PurposeList>('GET', '/api/v1/org/purposes'),
};
