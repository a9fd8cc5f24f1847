import type { CreateClientRequest, CreatedSystemClient, SystemClient, SystemClientList } from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const clientsQueryKey = ['organisation', 'clients'] as const;

export const clientsApi = {
  list: () => apiRequest<SystemClientList>('GET', '/api/v1/org/clients'),
  create: (body: CreateClientRequest) =>
    apiRequest<CreatedSystemClient>('POST', '/api/v1/org/clients', { body }),
  revoke: (clientId: string, reason: string) =>
    apiRequest<SystemClient>('POST', `/api/v1/org/clients/${encodeURIComponent(clientId)}/revoke`, {
      body: { reason },
    }),
};
