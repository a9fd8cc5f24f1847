import type { InvoiceList, Statement } from '@fpr/contract';
import { apiFileRequest, apiRequest } from '../../../shared/api/client';

export const invoicesKeys = {
  invoices: ['organisation', 'invoices'] as const,
  statement: (month: string) => ['organisation', 'statement', month] as const,
};

export const invoicesApi = {
  list: () => apiRequest<InvoiceList>('GET', '/api/v1/org/invoices'),
  invoicePdf: (invoiceId: string) =>
    apiFileRequest('GET', `/api/v1/org/invoices/${encodeURIComponent(invoiceId)}/pdf`, 'application/pdf'),
  statement: (month: string) =>
    apiRequest<Statement>('GET', `/api/v1/org/statements/${encodeURIComponent(month)}`),
  statementPdf: (month: string) =>
    apiFileRequest('GET', `/api/v1/org/statements/${encodeURIComponent(month)}/pdf`, 'application/pdf'),
};
