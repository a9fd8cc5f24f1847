import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema } from '../common';
import { Currency, LedgerEntry, maxMovementCents } from './billing';

/** A calendar month, `YYYY-MM`. */
export const MonthString = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: 'Calendar month, YYYY-MM',
});

export const MonthParams = Type.Object({ month: MonthString });
export type MonthParams = Static<typeof MonthParams>;

export const InvoiceIdParams = Type.Object({ invoiceId: Type.String({ format: 'uuid' }) });
export type InvoiceIdParams = Static<typeof InvoiceIdParams>;

export const InvoiceRunRequest = Type.Object(
  { month: MonthString },
  { additionalProperties: false, description: 'The month to invoice; it must have ended' },
);
export type InvoiceRunRequest = Static<typeof InvoiceRunRequest>;

export const IssuedInvoiceSummary = Type.Object({
  invoiceId: Type.String({ format: 'uuid' }),
  number: Type.String(),
  organisationId: Type.String({ format: 'uuid' }),
  totalCents: Type.Integer(),
});

export const InvoiceRunResult = Type.Object({
  month: MonthString,
  issued: Type.Array(IssuedInvoiceSummary, { description: 'Invoices issued by this run' }),
  alreadyInvoiced: Type.Integer({ minimum: 0, description: 'Organisations invoiced for the month before' }),
  withoutCharges: Type.Integer({
    minimum: 0,
    description: 'Organisations with nothing to charge (no use, or fee-exempt during the month)',
  }),
});
export type InvoiceRunResult = Static<typeof InvoiceRunResult>;

export const invoiceLineKinds = [
  'environmentSubscription',
  'monitoringSubscription',
  'connectionSetUp',
  'newUser',
] as const;
export type InvoiceLineKind = (typeof invoiceLineKinds)[number];

export const InvoiceLine = Type.Object({
  position: Type.Integer({ minimum: 1 }),
  kind: Type.Enum(invoiceLineKinds),
  environment: Type.Union([EnvironmentSchema, Type.Null()]),
  description: Type.String({ description: 'In Latvian, as printed' }),
  counted: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Subscriptions: active system users or persons monitored in the month',
  }),
  quantity: Type.Integer({ description: 'Negative on a credit note' }),
  unitPriceCents: Type.Integer({ minimum: 0 }),
  netCents: Type.Integer(),
  vatRateBasisPoints: Type.Integer({ minimum: 0, maximum: 10_000, description: '2100 = 21 %' }),
  vatCents: Type.Integer({ description: 'Per line, rounded half away from zero to whole cents' }),
  totalCents: Type.Integer(),
  creditedPosition: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Credit notes: the line of the credited invoice',
  }),
});
export type InvoiceLine = Static<typeof InvoiceLine>;

export const invoiceKinds = ['invoice', 'creditNote'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];

export const Invoice = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'FPR-YYYY-NNNNNN: one gap-free sequence per year for both kinds' }),
  kind: Type.Enum(invoiceKinds),
  organisation: Type.Object({
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    registrationNumber: Type.String(),
  }),
  month: MonthString,
  creditedInvoiceId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  issuedOn: DateString,
  dueOn: DateString,
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  totalCents: Type.Integer(),
  currency: Currency,
  reason: Type.Union([Type.String(), Type.Null()], { description: 'Credit notes: why' }),
  lines: Type.Array(InvoiceLine),
  paidCents: Type.Integer({ minimum: 0, description: 'Invoices: payments recorded' }),
  creditedCents: Type.Integer({ maximum: 0, description: 'Invoices: the sum of its credit notes' }),
  outstandingCents: Type.Integer({ description: 'Invoices: total + credited − paid; 0 for credit notes' }),
  isOverdue: Type.Boolean(),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'Who issued it; null for the monthly job',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Invoice = Static<typeof Invoice>;

export const InvoiceList = Type.Object({ invoices: Type.Array(Invoice, { description: 'Newest first' }) });
export type InvoiceList = Static<typeof InvoiceList>;

export const InvoiceQuery = Type.Object(
  {
    month: Type.Optional(MonthString),
    organisationId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type InvoiceQuery = Static<typeof InvoiceQuery>;

export const PaymentRequest = Type.Object(
  {
    amountCents: Type.Integer({
      minimum: 1,
      maximum: maxMovementCents,
      description: 'At most the outstanding amount',
    }),
    paidOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The day the money arrived' }),
    paymentReference: Type.String({ minLength: 1, maxLength: 140, description: 'As on the bank statement' }),
  },
  { additionalProperties: false, description: 'A payment received against an invoice' },
);
export type PaymentRequest = Static<typeof PaymentRequest>;

export const Payment = Type.Object({
  id: Type.String(),
  invoiceId: Type.String({ format: 'uuid' }),
  amountCents: Type.Integer({ minimum: 1 }),
  currency: Currency,
  paidOn: DateString,
  paymentReference: Type.String(),
  recordedBy: Type.String({ format: 'uuid' }),
  recordedAt: Type.String({ format: 'date-time' }),
  outstandingCents: Type.Integer({ description: 'What remains due on the invoice after this payment' }),
});
export type Payment = Static<typeof Payment>;

export const CreditNoteRequest = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why the invoice is corrected' }),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            position: Type.Integer({ minimum: 1, description: 'The line of the invoice' }),
            netCents: Type.Integer({
              minimum: 1,
              description: 'Net amount to credit (VAT follows the line)',
            }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100, description: 'Omitted: everything not credited yet' },
      ),
    ),
  },
  { additionalProperties: false, description: 'A credit note reversing an invoice in whole or in part' },
);
export type CreditNoteRequest = Static<typeof CreditNoteRequest>;

export const Debtor = Type.Object({
  organisation: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  outstandingCents: Type.Integer({ minimum: 1 }),
  invoices: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      number: Type.String(),
      dueOn: DateString,
      outstandingCents: Type.Integer({ minimum: 1 }),
      daysOverdue: Type.Integer({ minimum: 1 }),
    }),
  ),
});
export const DebtorList = Type.Object({
  debtors: Type.Array(Debtor, { description: 'Organisations with overdue invoices, largest debt first' }),
});
export type DebtorList = Static<typeof DebtorList>;

export const BillingSettings = Type.Object({
  invoiceDueDays: Type.Integer({ minimum: 1, maximum: 365, description: 'Days from issue to due date' }),
  isAutomaticSuspensionEnabled: Type.Boolean(),
  suspensionOverdueDays: Type.Integer({
    minimum: 1,
    maximum: 365,
    description: 'Days past the due date after which connections are suspended (when enabled)',
  }),
  reason: Type.String(),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type BillingSettings = Static<typeof BillingSettings>;

export const BillingSettingsHistory = Type.Object({
  current: BillingSettings,
  history: Type.Array(BillingSettings, { description: 'Every version, newest first' }),
});
export type BillingSettingsHistory = Static<typeof BillingSettingsHistory>;

export const UpdateBillingSettingsRequest = Type.Object(
  {
    invoiceDueDays: Type.Integer({ minimum: 1, maximum: 365 }),
    isAutomaticSuspensionEnabled: Type.Boolean(),
    suspensionOverdueDays: Type.Integer({ minimum: 1, maximum: 365 }),
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
  },
  { additionalProperties: false, description: 'A new version of the billing settings, in force at once' },
);
export type UpdateBillingSettingsRequest = Static<typeof UpdateBillingSettingsRequest>;

export const Statement = Type.Object({
  month: MonthString,
  organisation: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  openingBalanceCents: Type.Integer({ minimum: 0 }),
  topUpsCents: Type.Integer({ minimum: 0 }),
  chargesCents: Type.Integer({ minimum: 0, description: 'State fees taken in the month' }),
  refundsCents: Type.Integer({ minimum: 0 }),
  closingBalanceCents: Type.Integer({ minimum: 0 }),
  chargedPersons: Type.Integer({ minimum: 0 }),
  currency: Currency,
  entries: Type.Array(LedgerEntry, { description: 'The month’s entries, oldest first' }),
});
export type Statement = Static<typeof Statement>;

export const QuoteRequest = Type.Object(
  {
    environment: Type.Optional(EnvironmentSchema),
    queries: Type.Optional(
      Type.Object(
        {
          persons: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Persons to be delivered' }),
        },
        { additionalProperties: false },
      ),
    ),
    monitoring: Type.Optional(
      Type.Object(
        { persons: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Persons to add' }) },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'A planned batch of person queries and/or monitoring list. environment: a system client’s own; ' +
      'a contact person names it (default production)',
  },
);
export type QuoteRequest = Static<typeof QuoteRequest>;

export const Quote = Type.Object({
  month: MonthString,
  environment: EnvironmentSchema,
  isFeeExempt: Type.Boolean(),
  stateFee: Type.Object({
    persons: Type.Integer({ minimum: 0 }),
    perPersonCents: Type.Integer({ minimum: 0 }),
    amountCents: Type.Integer({ minimum: 0, description: 'Taken from the prepaid balance; no VAT' }),
  }),
  monitoring: Type.Object({
    alreadyCountedPersons: Type.Integer({ minimum: 0, description: 'Distinct persons counted this month' }),
    additionalPersons: Type.Integer({ minimum: 0 }),
    currentBandCents: Type.Integer({ minimum: 0 }),
    newBandCents: Type.Integer({ minimum: 0 }),
    netCents: Type.Integer({ minimum: 0, description: 'What the month’s monitoring line grows by' }),
    vatCents: Type.Integer({ minimum: 0 }),
    totalCents: Type.Integer({ minimum: 0, description: 'Invoiced after the month ends' }),
  }),
  totalCents: Type.Integer({ minimum: 0 }),
  balanceCents: Type.Integer({ minimum: 0 }),
  isBalanceSufficient: Type.Boolean({ description: 'The prepaid balance covers the state-fee part' }),
  currency: Currency,
});
export type Quote = Static<typeof Quote>;
