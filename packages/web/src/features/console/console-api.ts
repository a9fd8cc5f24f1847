import type {
  ActivateContractRequest,
  AuditEventPage,
  AuditSearchRequest,
  CalendarOverride,
  CalendarOverrideInput,
  ClarificationInput,
  Connection,
  ConnectionList,
  ConnectionReasonRequest,
  ConnectionWithHistory,
  ContractApprovalRequest,
  ContractComment,
  ContractDetail,
  ContractDiff,
  ContractList,
  ContractVersion,
  CreateTariffBandsRequest,
  CreateTariffRequest,
  Dashboard,
  FeeExemptionRequest,
  LedgerEntry,
  LedgerPage,
  LifeEventInput,
  MisuseSignalList,
  MisuseSignalQuery,
  Organisation,
  OrganisationHistory,
  PersonHistoryResponse,
  PersonLookupRequest,
  ReasonRequest,
  RecordLifeEventResponse,
  RefundRequest,
  ServiceRequest,
  ServiceRequestDetail,
  SubjectReport,
  SubjectReportRequest,
  Tariff,
  TariffList,
  TopUpRequest,
  UserAccount,
} from '@fpr/contract';
import { apiFileRequest, apiRequest } from '../../shared/api/client';

const id = encodeURIComponent;

/** Query keys of the console; a change invalidates the family it touches. */
export const consoleKeys = {
  dashboard: ['console', 'dashboard'] as const,
  queue: ['console', 'queue'] as const,
  request: (requestId: string) => ['console', 'request', requestId] as const,
  contracts: ['console', 'contracts'] as const,
  contract: (contractId: string) => ['console', 'contract', contractId] as const,
  organisations: ['console', 'organisations'] as const,
  organisation: (organisationId: string) => ['console', 'organisation', organisationId] as const,
  connections: ['console', 'connections'] as const,
  connection: (connectionId: string) => ['console', 'connection', connectionId] as const,
  staff: ['console', 'staff'] as const,
  tariffs: ['console', 'tariffs'] as const,
  calendar: ['console', 'calendar'] as const,
};

/** The PMLP side of the API, typed with the contract the server validates with. */
export const consoleApi = {
  dashboard: () => apiRequest<Dashboard>('GET', '/api/v1/admin/dashboard'),

  queue: () => apiRequest<{ requests: ServiceRequest[] }>('GET', '/api/v1/admin/requests'),
  request: (requestId: string) =>
    apiRequest<ServiceRequestDetail>('GET', `/api/v1/admin/requests/${id(requestId)}`),
  startReview: (requestId: string) =>
    apiRequest<ServiceRequestDetail>('POST', `/api/v1/admin/requests/${id(requestId)}/review`),
  askClarification: (requestId: string, body: ClarificationInput) =>
    apiRequest<ServiceRequestDetail>('POST', `/api/v1/admin/requests/${id(requestId)}/clarification`, {
      body,
    }),
  reject: (requestId: string, body: ReasonRequest) =>
    apiRequest<ServiceRequestDetail>('POST', `/api/v1/admin/requests/${id(requestId)}/reject`, { body }),
  startContract: (requestId: string, text: string) =>
    apiRequest<ContractDetail>('POST', `/api/v1/admin/requests/${id(requestId)}/contract`, {
      body: { text },
    }),

  contracts: () => apiRequest<ContractList>('GET', '/api/v1/admin/contracts'),
  contract: (contractId: string) =>
    apiRequest<ContractDetail>('GET', `/api/v1/admin/contracts/${id(contractId)}`),
  version: (contractId: string, number: number) =>
    apiRequest<ContractVersion>('GET', `/api/v1/admin/contracts/${id(contractId)}/versions/${number}`),
  publishVersion: (contractId: string, text: string) =>
    apiRequest<ContractDetail>('POST', `/api/v1/admin/contracts/${id(contractId)}/versions`, {
      body: { text },
    }),
  comment: (contractId: string, number: number, body: string) =>
    apiRequest<ContractComment>(
      'POST',
      `/api/v1/admin/contracts/${id(contractId)}/versions/${number}/comments`,
      {
        body: { body },
      },
    ),
  diff: (contractId: string, from: number, to: number) =>
    apiRequest<ContractDiff>('GET', `/api/v1/admin/contracts/${id(contractId)}/diff`, {
      query: { from, to },
    }),
  approve: (contractId: string, body: ContractApprovalRequest) =>
    apiRequest<ContractDetail>('POST', `/api/v1/admin/contracts/${id(contractId)}/approve`, { body }),
  activate: (contractId: string, body: ActivateContractRequest) =>
    apiRequest<ContractDetail>('POST', `/api/v1/admin/contracts/${id(contractId)}/activate`, { body }),

  organisations: () => apiRequest<{ organisations: Organisation[] }>('GET', '/api/v1/admin/organisations'),
  organisation: (organisationId: string) =>
    apiRequest<Organisation>('GET', `/api/v1/admin/organisations/${id(organisationId)}`),
  organisationHistory: (organisationId: string) =>
    apiRequest<OrganisationHistory>('GET', `/api/v1/admin/organisations/${id(organisationId)}/history`),
  feeExemption: (organisationId: string, body: FeeExemptionRequest) =>
    apiRequest<Organisation>('PUT', `/api/v1/admin/organisations/${id(organisationId)}/fee-exemption`, {
      body,
    }),
  organisationUsers: (organisationId: string) =>
    apiRequest<{ users: UserAccount[] }>('GET', `/api/v1/admin/organisations/${id(organisationId)}/users`),
  ledger: (organisationId: string) =>
    apiRequest<LedgerPage>('GET', `/api/v1/admin/organisations/${id(organisationId)}/ledger`),
  topUp: (organisationId: string, body: TopUpRequest, idempotencyKey: string) =>
    apiRequest<LedgerEntry>('POST', `/api/v1/admin/organisations/${id(organisationId)}/top-ups`, {
      body,
      idempotencyKey,
    }),
  refund: (organisationId: string, body: RefundRequest, idempotencyKey: string) =>
    apiRequest<LedgerEntry>('POST', `/api/v1/admin/organisations/${id(organisationId)}/refunds`, {
      body,
      idempotencyKey,
    }),

  connections: (organisationId?: string) =>
    apiRequest<ConnectionList>('GET', '/api/v1/admin/connections', { query: { organisationId } }),
  connection: (connectionId: string) =>
    apiRequest<ConnectionWithHistory>('GET', `/api/v1/admin/connections/${id(connectionId)}`),
  changeConnection: (connectionId: string, action: 'suspend' | 'restore', body: ConnectionReasonRequest) =>
    apiRequest<Connection>('POST', `/api/v1/admin/connections/${id(connectionId)}/${action}`, { body }),

  staff: () => apiRequest<{ users: UserAccount[] }>('GET', '/api/v1/admin/users'),
  unblock: (userId: string, body: ReasonRequest) =>
    apiRequest<UserAccount>('POST', `/api/v1/admin/users/${id(userId)}/unblock`, { body }),

  tariffs: () => apiRequest<TariffList>('GET', '/api/v1/admin/tariffs'),
  addTariff: (body: CreateTariffRequest) => apiRequest<Tariff>('POST', '/api/v1/admin/tariffs', { body }),
  addTariffBands: (body: CreateTariffBandsRequest) =>
    apiRequest<TariffList>('POST', '/api/v1/admin/tariff-bands', { body }),

  overrides: () => apiRequest<{ overrides: CalendarOverride[] }>('GET', '/api/v1/admin/calendar/overrides'),
  setOverride: (day: string, body: CalendarOverrideInput) =>
    apiRequest<unknown>('PUT', `/api/v1/admin/calendar/overrides/${id(day)}`, { body }),
  removeOverride: (day: string) => apiRequest<null>('DELETE', `/api/v1/admin/calendar/overrides/${id(day)}`),

  // Personal codes travel in bodies, never in URLs.
  lookUpPerson: (body: PersonLookupRequest) =>
    apiRequest<PersonHistoryResponse>('POST', '/api/v1/admin/register/persons/lookup', { body }),
  recordLifeEvent: (body: LifeEventInput) =>
    apiRequest<RecordLifeEventResponse>('POST', '/api/v1/admin/register/events', { body }),
  searchAudit: (body: AuditSearchRequest) =>
    apiRequest<AuditEventPage>('POST', '/api/v1/admin/audit/search', { body }),
  // Only dates and the environment: nothing personal in this URL.
  misuseSignals: (query: MisuseSignalQuery) =>
    apiRequest<MisuseSignalList>('GET', '/api/v1/admin/audit/signals', { query }),
  subjectReport: (body: SubjectReportRequest) =>
    apiRequest<SubjectReport>('POST', '/api/v1/admin/audit/subject-report', { body }),
  subjectReportPdf: (body: SubjectReportRequest) =>
    apiFileRequest('POST', '/api/v1/admin/audit/subject-report.pdf', 'application/pdf', { body }),
};
