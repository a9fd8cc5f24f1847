import type {
  ContractApprovalRequest,
  ContractComment,
  ContractCommentRequest,
  ContractDetail,
  ContractDiff,
  ContractList,
  ContractVersion,
} from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const contractsQueryKey = ['organisation', 'contracts'] as const;
export const contractQueryKey = (contractId: string) => [...contractsQueryKey, contractId] as const;

const byId = (contractId: string) => `/api/v1/org/contracts/${encodeURIComponent(contractId)}`;

export const contractsApi = {
  list: () => apiRequest<ContractList>('GET', '/api/v1/org/contracts'),
  read: (contractId: string) => apiRequest<ContractDetail>('GET', byId(contractId)),
  version: (contractId: string, number: number) =>
    apiRequest<ContractVersion>('GET', `${byId(contractId)}/versions/${number}`),
  diff: (contractId: string, from: number, to: number) =>
    apiRequest<ContractDiff>('GET', `${byId(contractId)}/diff`, { query: { from, to } }),
  comment: (contractId: string, number: number, body: ContractCommentRequest) =>
    apiRequest<ContractComment>('POST', `${byId(contractId)}/versions/${number}/comments`, { body }),
  approve: (contractId: string, body: ContractApprovalRequest) =>
    apiRequest<ContractDetail>('POST', `${byId(contractId)}/approve`, { body }),
};
