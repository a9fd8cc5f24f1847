import type {
  ChangeFeedPage,
  SubscriptionPage,
  SubscriptionUploadResponse,
  UnsubscribeResponse,
} from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const monitoringKeys = {
  subscriptions: ['organisation', 'monitoring', 'subscriptions'] as const,
  changes: ['organisation', 'monitoring', 'changes'] as const,
};

const pageSize = 50;

/** Monitoring (API §5): personal codes travel only in bodies and answers, never in a URL. */
export const monitoringApi = {
  upload: (purposeId: string, csv: string) =>
    apiRequest<SubscriptionUploadResponse>('POST', '/api/v1/monitoring/subscriptions/upload', {
      query: { purposeId },
      text: { content: csv, contentType: 'text/csv' },
    }),
  subscriptions: (after: string | undefined) =>
    apiRequest<SubscriptionPage>('GET', '/api/v1/monitoring/subscriptions', {
      query: { after, limit: pageSize },
    }),
  remove: (personalCode: string) =>
    apiRequest<UnsubscribeResponse>('POST', '/api/v1/monitoring/subscriptions/remove', {
      body: { personalCodes: [personalCode] },
    }),
  changes: (after: number) =>
    apiRequest<ChangeFeedPage>('GET', '/api/v1/monitoring/changes', {
      query: { after: String(after), limit: pageSize },
    }),
};
