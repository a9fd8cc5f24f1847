import type {
  ChangeFeedPage,
  Environment,
  SubscriptionPage,
  SubscriptionUploadResponse,
  UnsubscribeResponse,
} from '@fpr/contract';
import { apiRequest } from '../api/client';

/**
 * The environment a monitoring screen works in: a PDP user's own (`undefined`: the session's), or
 * the one a contact person chose, which the API then needs named.
 */
export type MonitoringEnvironment = Environment | undefined;

export const monitoringKeys = {
  subscriptions: (environment: MonitoringEnvironment) =>
    ['monitoring', 'subscriptions', environment ?? 'own'] as const,
  changes: (environment: MonitoringEnvironment) => ['monitoring', 'changes', environment ?? 'own'] as const,
};

const pageSize = 50;

/** Monitoring (API §5): personal codes travel only in bodies and answers, never in a URL. */
export const monitoringApi = {
  upload: (environment: MonitoringEnvironment, purposeId: string, csv: string) =>
    apiRequest<SubscriptionUploadResponse>('POST', '/api/v1/monitoring/subscriptions/upload', {
      query: { purposeId, environment },
      text: { content: csv, contentType: 'text/csv' },
    }),
  subscriptions: (environment: MonitoringEnvironment, after: string | undefined) =>
    apiRequest<SubscriptionPage>('GET', '/api/v1/monitoring/subscriptions', {
      query: { after, limit: pageSize, environment },
    }),
  remove: (environment: MonitoringEnvironment, personalCode: string) =>
    apiRequest<UnsubscribeResponse>('POST', '/api/v1/monitoring/subscriptions/remove', {
      query: { environment },
      body: { personalCodes: [personalCode] },
    }),
  changes: (environment: MonitoringEnvironment, after: number) =>
    apiRequest<ChangeFeedPage>('GET', '/api/v1/monitoring/changes', {
      query: { after: String(after), limit: pageSize, environment },
    }),
};
