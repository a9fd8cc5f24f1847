import type {
  ReasonRequest,
  RequestMessage,
  RequestMessageInput,
  ServiceRequest,
  ServiceRequestDetail,
  ServiceRequestInput,
} from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const requestsQueryKey = ['organisation', 'requests'] as const;
export const requestQueryKey = (requestId: string) => [...requestsQueryKey, requestId] as const;

const byId = (requestId: string) => `/api/v1/org/requests/${encodeURIComponent(requestId)}`;

export const requestsApi = {
  list: () => apiRequest<{ requests: ServiceRequest[] }>('GET', '/api/v1/org/requests'),
  read: (requestId: string) => apiRequest<ServiceRequestDetail>('GET', byId(requestId)),
  create: (body: ServiceRequestInput) =>
    apiRequest<ServiceRequestDetail>('POST', '/api/v1/org/requests', { body }),
  update: (requestId: string, body: ServiceRequestInput) =>
    apiRequest<ServiceRequestDetail>('PUT', byId(requestId), { body }),
  submit: (requestId: string) => apiRequest<ServiceRequestDetail>('POST', `${byId(requestId)}/submit`),
  withdraw: (requestId: string, body: ReasonRequest) =>
    apiRequest<ServiceRequestDetail>('POST', `${byId(requestId)}/withdraw`, { body }),
  writeMessage: (requestId: string, body: RequestMessageInput) =>
    apiRequest<RequestMessage>('POST', `${byId(requestId)}/messages`, { body }),
};
