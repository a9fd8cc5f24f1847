import type { AuditEventPage, OrganisationAuditQuery } from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const accessLogQueryKey = ['organisation', 'access-log'] as const;

export type AccessLogFilters = Pick<OrganisationAuditQuery, 'from' | 'to' | 'purposeId' | 'environment'>;

export const accessLogApi = {
  page: (filters: AccessLogFilters, cursor: string | undefined, limit: number) =>
    apiRequest<AuditEventPage>('GET', '/api/v1/org/audit', { query: { ...filters, cursor, limit } }),
};
