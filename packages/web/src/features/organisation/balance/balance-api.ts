import type { LedgerPage } from '@fpr/contract';
import { apiRequest } from '../../../shared/api/client';

export const ledgerQueryKey = ['organisation', 'ledger'] as const;

export const balanceApi = {
  ledger: (cursor: string | undefined) =>
    apiRequest<LedgerPage>('GET', '/api/v1/org/ledger', { query: { cursor, limit: 50 } }),
};
