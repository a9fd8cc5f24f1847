import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { DraftLine } from './invoice-lines';

/** An invoice or credit note with what has been paid and credited against it (money as strings: bigint). */
export interface InvoiceRow {
  id: string;
  number: string;
  kind: string;
  organisationId: string;
  organisationName: string;
  organisationRegistrationNumber: string;
  periodMonth: string;
  creditedInvoiceId: string | null;
  issuedOn: string;
  dueOn: string;
  netCents: string;
  vatCents: string;
  totalCents: string;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  paidCents: string;
  creditedCents: string;
}

export interface InvoiceLineRow {
  invoiceId: string;
  position: number;
  kind: string;
  environment: string | null;
  description: string;
  counted: number | null;
  quantity: number;
  unitPriceCents: string;
  netCents: string;
  vatRateBasisPoints: number;
  vatCents: string;
  totalCents: string;
  tariffId: string | null;
  creditedPosition: number | null;
}

/**
 * The next number of a year's sequence. The counter row stays locked until the caller's transaction
 * ends, so numbers are given one transaction at a time, and a rolled-back transaction gives its
 * number back: the sequence has no gaps.
 */
export async function takeInvoiceNumber(db: Db, year: number): Promise<string> {
  const result = await sql<{ lastNumber: number }>`
    INSERT INTO invoice_number_counter AS counter (year, last_number) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_number = counter.last_number + 1
    RETURNING last_number AS "lastNumber"`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the counter always answers');
  return `FPR-${year}-${String(row.lastNumber).padStart(6, '0')}`;
}

export interface NewInvoice {
  number: string;
  kind: 'invoice' | 'creditNote';
  organisationId: string;
  organisationName: string;
  organisationRegistrationNumber: string;
  periodMonth: string;
  creditedInvoiceId: string | null;
  issuedOn: string;
  dueOn: string;
  netCents: number;
  vatCents: number;
  totalCents: number;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/**
 * Inserts an invoice with its lines; undefined (nothing inserted) when the organisation already has
 * an invoice for the month — the unique index decides, so two runs at once cannot both insert.
 */
export async function insertInvoice(
  db: Db,
  invoice: NewInvoice,
  lines: ReadonlyArray<DraftLine & { creditedPosition?: number | null }>,
): Promise<string | undefined> {
  const inserted = await sql<{ id: string }>`
    INSERT INTO invoice (number, kind, organisation_id, organisation_name, organisation_registration_number,
      period_month, credited_invoice_id, issued_on, due_on, net_cents, vat_cents, total_cents, reason, created_by,
      created_at)
    VALUES (${invoice.number}, ${invoice.kind}, ${invoice.organisationId}, ${invoice.organisationName},
      ${invoice.organisationRegistrationNumber}, ${invoice.periodMonth}, ${invoice.creditedInvoiceId},
      ${invoice.issuedOn}, ${invoice.dueOn}, ${invoice.netCents}, ${invoice.vatCents}, ${invoice.totalCents},
      ${invoice.reason}, ${invoice.createdBy}, ${invoice.createdAt})
    ON CONFLICT (organisation_id, period_month) WHERE kind = 'invoice' DO NOTHING
    RETURNING id`.execute(db);
  const id = inserted.rows[0]?.id;
  if (id === undefined) return undefined;
  await db
    .insertInto('invoiceLine')
    .values(
      lines.map((line, index) => ({
        invoiceId: id,
        position: index + 1,
        kind: line.kind,
        environment: line.environment,
        description: line.description,
        counted: line.counted,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        netCents: line.netCents,
        vatRateBasisPoints: line.vatRateBasisPoints,
        vatCents: line.vatCents,
        totalCents: line.totalCents,
        tariffId: line.tariffId,
        creditedPosition: line.creditedPosition ?? null,
      })),
    )
    .execute();
  return id;
}

/** Organisations already invoiced for a month. */
export async function listInvoicedOrganisations(db: Db, periodMonth: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('invoice')
    .select('organisationId')
    .where('kind', '=', 'invoice')
    .where('periodMonth', '=', periodMonth)
    .execute();
  return new Set(rows.map((row) => row.organisationId));
}

export interface InvoiceFilter {
  id?: string;
  organisationId?: string;
  periodMonth?: string;
  creditedInvoiceId?: string;
}

/** Invoices with their paid and credited sums, newest first. */
export async function listInvoices(db: Db, filter: InvoiceFilter): Promise<InvoiceRow[]> {
  const result = await sql<InvoiceRow>`
    SELECT i.id, i.number, i.kind, i.organisation_id AS "organisationId", i.organisation_name AS "organisationName",
      i.organisation_registration_number AS "organisationRegistrationNumber", i.period_month AS "periodMonth",
      i.credited_invoice_id AS "creditedInvoiceId", i.issued_on AS "issuedOn", i.due_on AS "dueOn",
      i.net_cents AS "netCents", i.vat_cents AS "vatCents", i.total_cents AS "totalCents", i.reason,
      i.created_by AS "createdBy", i.created_at AS "createdAt",
      (SELECT coalesce(sum(p.amount_cents), 0) FROM invoice_payment p WHERE p.invoice_id = i.id)::text AS "paidCents",
      (SELECT coalesce(sum(c.total_cents), 0) FROM invoice c WHERE c.credited_invoice_id = i.id)::text AS "creditedCents"
    FROM invoice i
    WHERE (${filter.id ?? null}::uuid IS NULL OR i.id = ${filter.id ?? null}::uuid)
      AND (${filter.organisationId ?? null}::uuid IS NULL OR i.organisation_id = ${filter.organisationId ?? null}::uuid)
      AND (${filter.periodMonth ?? null}::date IS NULL OR i.period_month = ${filter.periodMonth ?? null}::date)
      AND (${filter.creditedInvoiceId ?? null}::uuid IS NULL
           OR i.credited_invoice_id = ${filter.creditedInvoiceId ?? null}::uuid)
    ORDER BY i.issued_on DESC, i.number DESC
    LIMIT 500`.execute(db);
  return result.rows;
}

export async function listInvoiceLines(db: Db, invoiceIds: readonly string[]): Promise<InvoiceLineRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .selectFrom('invoiceLine')
    .selectAll()
    .where('invoiceId', 'in', invoiceIds)
    .orderBy('invoiceId')
    .orderBy('position')
    .execute();
}

/**
 * Locks an invoice row (a row lock fires no trigger, so the immutable row can be locked): payments
 * and credit notes against one invoice take turns, and each sees the sums the previous one left.
 */
export async function lockInvoice(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('invoice').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export interface PaymentRow {
  id: string;
  invoiceId: string;
  amountCents: string;
  paidOn: string;
  paymentReference: string;
  recordedBy: string;
  recordedAt: Date;
}

export async function insertPayment(
  db: Db,
  payment: Omit<PaymentRow, 'id' | 'amountCents'> & { amountCents: number },
): Promise<PaymentRow> {
  return db
    .insertInto('invoicePayment')
    .values(payment)
    .returning(['id', 'invoiceId', 'amountCents', 'paidOn', 'paymentReference', 'recordedBy', 'recordedAt'])
    .executeTakeFirstOrThrow();
}

export interface OverdueInvoiceRow {
  id: string;
  number: string;
  organisationId: string;
  organisationName: string;
  dueOn: string;
  outstandingCents: string;
}

/** Invoices still owed whose due date is before `day`, oldest first. */
export async function listOverdueInvoices(db: Db, day: string): Promise<OverdueInvoiceRow[]> {
  const result = await sql<OverdueInvoiceRow>`
    SELECT id, number, "organisationId", "organisationName", "dueOn", "outstandingCents"::text FROM (
      SELECT i.id, i.number, i.organisation_id AS "organisationId", o.name AS "organisationName",
        i.due_on AS "dueOn",
        i.total_cents
          + (SELECT coalesce(sum(c.total_cents), 0) FROM invoice c WHERE c.credited_invoice_id = i.id)
          - (SELECT coalesce(sum(p.amount_cents), 0) FROM invoice_payment p WHERE p.invoice_id = i.id)
          AS "outstandingCents"
      FROM invoice i JOIN organisation o ON o.id = i.organisation_id
      WHERE i.kind = 'invoice' AND i.due_on < ${day}::date) AS owed
    WHERE "outstandingCents" > 0
    ORDER BY "dueOn", number`.execute(db);
  return result.rows;
}
