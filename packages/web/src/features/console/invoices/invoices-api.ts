import type {
  BillingSettings,
  BillingSettingsHistory,
  CreditNoteRequest,
  DebtorList,
  Invoice,
  InvoiceList,
  InvoiceRunResult,
  Payment,
  PaymentRequest,
  UpdateBillingSettingsRequest,
} from '@fpr/contract';
import { apiFileRequest, apiRequest } from '../../../shared/api/client';

const id = encodeURIComponent;

/** Query keys of invoicing; a payment or credit note changes invoices and debtors alike. */
export const invoiceKeys = {
  invoices: ['console', 'invoices'] as const,
  list: (month: string) => ['console', 'invoices', month] as const,
  debtors: ['console', 'invoices', 'debtors'] as const,
  settings: ['console', 'billing-settings'] as const,
};

/** Monthly invoices, payments, credit notes, debtors and billing settings (PMLP side). */
export const invoicesApi = {
  run: (month: string) =>
    apiRequest<InvoiceRunResult>('POST', '/api/v1/admin/invoice-runs', { body: { month } }),
  list: (month: string) =>
    apiRequest<InvoiceList>('GET', '/api/v1/admin/invoices', { query: { month: month || undefined } }),
  pdf: (invoiceId: string) =>
    apiFileRequest('GET', `/api/v1/admin/invoices/${id(invoiceId)}/pdf`, 'application/pdf'),
  pay: (invoiceId: string, body: PaymentRequest) =>
    apiRequest<Payment>('POST', `/api/v1/admin/invoices/${id(invoiceId)}/payments`, { body }),
  credit: (invoiceId: string, body: CreditNoteRequest) =>
    apiRequest<Invoice>('POST', `/api/v1/admin/invoices/${id(invoiceId)}/credit-notes`, { body }),
  debtors: () => apiRequest<DebtorList>('GET', '/api/v1/admin/debtors'),
  settings: () => apiRequest<BillingSettingsHistory>('GET', '/api/v1/admin/billing-settings'),
  changeSettings: (body: UpdateBillingSettingsRequest) =>
    apiRequest<BillingSettings>('PUT', '/api/v1/admin/billing-settings', { body }),
};
