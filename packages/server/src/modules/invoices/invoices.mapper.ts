import type { Environment, Invoice, InvoiceKind, InvoiceLine, InvoiceLineKind, Payment } from '@fpr/contract';
import { monthOfDay } from './billing-month';
import type { InvoiceLineRow, InvoiceRow, PaymentRow } from './invoices.repository';

/** What is still owed on an invoice: its total, less its credit notes and payments; 0 for a credit note. */
export function outstandingOf(row: InvoiceRow): number {
  if (row.kind !== 'invoice') return 0;
  return Number(row.totalCents) + Number(row.creditedCents) - Number(row.paidCents);
}

export function toInvoiceLine(row: InvoiceLineRow): InvoiceLine {
  return {
    position: row.position,
    // CHECK-constrained to the line kinds and environments.
    kind: row.kind as InvoiceLineKind,
    environment: row.environment as Environment | null,
    description: row.description,
    counted: row.counted,
    quantity: row.quantity,
    unitPriceCents: Number(row.unitPriceCents),
    netCents: Number(row.netCents),
    vatRateBasisPoints: row.vatRateBasisPoints,
    vatCents: Number(row.vatCents),
    totalCents: Number(row.totalCents),
    creditedPosition: row.creditedPosition,
  };
}

export function toInvoice(row: InvoiceRow, lines: readonly InvoiceLineRow[], today: string): Invoice {
  const outstandingCents = outstandingOf(row);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as InvoiceKind,
    organisation: {
      id: row.organisationId,
      name: row.organisationName,
      registrationNumber: row.organisationRegistrationNumber,
    },
    month: monthOfDay(row.periodMonth),
    creditedInvoiceId: row.creditedInvoiceId,
    issuedOn: row.issuedOn,
    dueOn: row.dueOn,
    netCents: Number(row.netCents),
    vatCents: Number(row.vatCents),
    totalCents: Number(row.totalCents),
    currency: 'EUR',
    reason: row.reason,
    lines: lines.map(toInvoiceLine),
    paidCents: Number(row.paidCents),
    creditedCents: Number(row.creditedCents),
    outstandingCents,
    isOverdue: outstandingCents > 0 && row.dueOn < today,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toPayment(row: PaymentRow, outstandingCents: number): Payment {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    amountCents: Number(row.amountCents),
    currency: 'EUR',
    paidOn: row.paidOn,
    paymentReference: row.paymentReference,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    outstandingCents,
  };
}
