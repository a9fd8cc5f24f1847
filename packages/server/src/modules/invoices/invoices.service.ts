import type {
  CreditNoteRequest,
  DebtorList,
  Invoice,
  InvoiceQuery,
  Payment,
  PaymentRequest,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { type InvalidParam, problem } from '../../http/problem';
import { withIdempotency } from '../billing/idempotency';
import type { IdempotencyClaim } from '../billing/idempotency-claim';
import { receivedOnProblems } from '../billing/tariff-rules';
import { calendarDaysBetween, rigaDate } from '../calendar/working-days';
import type { UserCaller } from '../identity/caller';
import { enqueueJob } from '../jobs/jobs.repository';
import type { DraftLine } from './invoice-lines';
import { totalsOf } from './invoice-lines';
import type { InvoicingContext } from './invoice-run.service';
import { outstandingOf, toInvoice, toPayment } from './invoices.mapper';
import {
  type InvoiceLineRow,
  type InvoiceRow,
  insertInvoice,
  insertPayment,
  listInvoiceLines,
  listInvoices,
  listOverdueInvoices,
  lockInvoice,
  takeInvoiceNumber,
} from './invoices.repository';
import { vatCents } from './vat';

/** The task that suspends connections of overdue debtors and restores those paid up. */
export const billingSuspensionsTask = 'billing-suspensions';

function notFound() {
  return problem('notFound', { detail: 'No such invoice.' });
}

async function invoicesWithLines(db: Db, rows: InvoiceRow[], today: string): Promise<Invoice[]> {
  const lines = await listInvoiceLines(
    db,
    rows.map((row) => row.id),
  );
  const byInvoice = new Map<string, InvoiceLineRow[]>();
  for (const line of lines) byInvoice.set(line.invoiceId, [...(byInvoice.get(line.invoiceId) ?? []), line]);
  return rows.map((row) => toInvoice(row, byInvoice.get(row.id) ?? [], today));
}

/** Invoices and credit notes, PMLP's view: by month and organisation, newest first. */
export async function readInvoices(ctx: InvoicingContext, query: InvoiceQuery): Promise<Invoice[]> {
  const rows = await listInvoices(ctx.db, {
    organisationId: query.organisationId,
    periodMonth: query.month && `${query.month}-01`,
  });
  return invoicesWithLines(ctx.db, rows, rigaDate(ctx.now()));
}

/** One invoice; `organisationId` limits it to that organisation's (another's is simply not found). */
export async function readInvoice(
  ctx: InvoicingContext,
  invoiceId: string,
  organisationId?: string,
): Promise<Invoice> {
  const [row] = await listInvoices(ctx.db, { id: invoiceId, organisationId });
  if (!row) throw notFound();
  const [invoice] = await invoicesWithLines(ctx.db, [row], rigaDate(ctx.now()));
  if (!invoice) throw notFound();
  return invoice;
}

/**
 * Records a payment received against an invoice: never more than is outstanding. When it settles
 * the invoice, the suspension job is queued in the same transaction, so connections suspended for
 * the debt are restored at once rather than at the next daily run.
 */
export async function recordPayment(
  ctx: InvoicingContext,
  actor: UserCaller,
  invoiceId: string,
  input: PaymentRequest,
  idempotency: IdempotencyClaim = { key: undefined, fingerprint: '' },
): Promise<Payment> {
  const at = ctx.now();
  const dayProblems = receivedOnProblems(input.paidOn, rigaDate(at)).map((p) => ({ ...p, name: 'paidOn' }));
  if (dayProblems.length > 0) throw problem('paramsValidation', { invalidParams: dayProblems });
  return ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockedInvoice(trx, invoiceId);
    // A retry with the same key answers the first payment instead of recording a second.
    const scope = { organisationId: invoice.organisationId, ...idempotency, at };
    const answer = await withIdempotency(trx, scope, async () => ({
      status: 201,
      body: await insertPaymentOf(trx, { invoice, actor, input, at }),
    }));
    return answer.body;
  });
}

async function insertPaymentOf(
  trx: Db,
  { invoice, actor, input, at }: { invoice: InvoiceRow; actor: UserCaller; input: PaymentRequest; at: Date },
): Promise<Payment> {
  const invoiceId = invoice.id;
  if (invoice.kind !== 'invoice')
    throw problem('conflict', { detail: 'Payments are recorded against invoices, not credit notes.' });
  const outstandingCents = outstandingOf(invoice);
  if (input.amountCents > outstandingCents) throw paymentTooLarge(outstandingCents);
  const row = await insertPayment(trx, {
    invoiceId,
    amountCents: input.amountCents,
    paidOn: input.paidOn,
    paymentReference: input.paymentReference.trim(),
    recordedBy: actor.userId,
    recordedAt: at,
  });
  const after = outstandingCents - input.amountCents;
  if (after === 0)
    await enqueueJob(trx, { task: billingSuspensionsTask, payload: {}, jobKey: billingSuspensionsTask });
  return toPayment(row, after);
}

function paymentTooLarge(outstandingCents: number) {
  return problem('paramsValidation', {
    detail: `A payment cannot exceed the outstanding ${outstandingCents} cents.`,
    invalidParams: [
      { name: 'amountCents', code: 'exceedsOutstanding', reason: `at most ${outstandingCents}` },
    ],
    extensions: { outstandingCents },
  });
}

async function lockedInvoice(trx: Db, invoiceId: string): Promise<InvoiceRow> {
  if (!(await lockInvoice(trx, invoiceId))) throw notFound();
  const [row] = await listInvoices(trx, { id: invoiceId });
  if (!row) throw notFound();
  return row;
}

/**
 * A credit note: negative lines reversing an invoice's lines in whole (the default: all not yet
 * credited) or by the net amounts given, VAT at each line's own rate. It takes the next number of the
 * same yearly sequence as invoices, so one sequence stays gap-free for both.
 */
export async function issueCreditNote(
  ctx: InvoicingContext,
  actor: UserCaller,
  invoiceId: string,
  input: CreditNoteRequest,
  idempotency: IdempotencyClaim = { key: undefined, fingerprint: '' },
): Promise<Invoice> {
  const at = ctx.now();
  const creditNoteId = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockedInvoice(trx, invoiceId);
    // A retry with the same key answers the credit note already issued instead of a second one.
    const scope = { organisationId: invoice.organisationId, ...idempotency, at };
    const answer = await withIdempotency(trx, scope, async () => ({
      status: 201,
      body: { creditNoteId: await insertCreditNote(trx, { invoice, actor, input, at }) },
    }));
    return answer.body.creditNoteId;
  });
  return readInvoice(ctx, creditNoteId);
}

async function insertCreditNote(
  trx: Db,
  {
    invoice,
    actor,
    input,
    at,
  }: { invoice: InvoiceRow; actor: UserCaller; input: CreditNoteRequest; at: Date },
): Promise<string> {
  const today = rigaDate(at);
  if (invoice.kind !== 'invoice')
    throw problem('conflict', { detail: 'A credit note corrects an invoice, not another credit note.' });
  const lines = await creditLines(trx, invoice, input);
  const number = await takeInvoiceNumber(trx, Number(today.slice(0, 4)));
  const id = await insertInvoice(
    trx,
    {
      number,
      kind: 'creditNote',
      organisationId: invoice.organisationId,
      organisationName: invoice.organisationName,
      organisationRegistrationNumber: invoice.organisationRegistrationNumber,
      periodMonth: invoice.periodMonth,
      creditedInvoiceId: invoice.id,
      issuedOn: today,
      dueOn: today,
      ...totalsOf(lines),
      reason: input.reason.trim(),
      createdBy: actor.userId,
      createdAt: at,
    },
    lines,
  );
  if (id === undefined) throw new Error('a credit note is never refused by the monthly index');
  return id;
}

async function creditLines(
  trx: Db,
  invoice: InvoiceRow,
  input: CreditNoteRequest,
): Promise<Array<DraftLine & { creditedPosition: number }>> {
  const original = await listInvoiceLines(trx, [invoice.id]);
  const remaining = await remainingByPosition(trx, invoice.id, original);
  const requested =
    input.lines ??
    original.map((line) => ({ position: line.position, netCents: remaining.get(line.position) ?? 0 }));
  const invalidParams: InvalidParam[] = [];
  requested.forEach((request, index) => {
    const left = remaining.get(request.position);
    if (left === undefined)
      invalidParams.push({ name: `lines[${index}].position`, code: 'unknown', reason: 'no such line' });
    else if (request.netCents > left)
      invalidParams.push({
        name: `lines[${index}].netCents`,
        code: 'exceedsLine',
        reason: `at most ${left} is left to credit`,
      });
  });
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  const lines = requested
    .filter((request) => request.netCents > 0)
    .map((request) => creditLine(original, request, remaining));
  if (lines.length === 0)
    throw problem('conflict', { detail: 'The invoice has been credited in full already.' });
  return lines;
}

function creditLine(
  original: InvoiceLineRow[],
  request: { position: number; netCents: number },
  remaining: Map<number, number>,
): DraftLine & { creditedPosition: number } {
  const line = original.find((l) => l.position === request.position);
  if (!line) throw new Error('checked above');
  const isWhole =
    request.netCents === Number(line.netCents) && remaining.get(line.position) === Number(line.netCents);
  const netCents = -request.netCents;
  const vat = vatCents(netCents, line.vatRateBasisPoints);
  return {
    kind: line.kind as DraftLine['kind'],
    environment: line.environment as DraftLine['environment'],
    description: `Kredīts: ${line.description}`,
    counted: line.counted,
    quantity: isWhole ? -line.quantity : -1,
    unitPriceCents: isWhole ? Number(line.unitPriceCents) : request.netCents,
    netCents,
    vatRateBasisPoints: line.vatRateBasisPoints,
    vatCents: vat,
    totalCents: netCents + vat,
    tariffId: line.tariffId,
    creditedPosition: line.position,
  };
}

/** Net cents of each line not credited yet by earlier credit notes. */
async function remainingByPosition(
  trx: Db,
  invoiceId: string,
  original: InvoiceLineRow[],
): Promise<Map<number, number>> {
  const creditNotes = await listInvoices(trx, { creditedInvoiceId: invoiceId });
  const credited = await listInvoiceLines(
    trx,
    creditNotes.map((note) => note.id),
  );
  const remaining = new Map(original.map((line) => [line.position, Number(line.netCents)]));
  for (const line of credited) {
    if (line.creditedPosition === null) continue;
    remaining.set(line.creditedPosition, (remaining.get(line.creditedPosition) ?? 0) + Number(line.netCents));
  }
  return remaining;
}

/** Organisations with invoices past their due date, the largest debt first. */
export async function readDebtors(ctx: InvoicingContext): Promise<DebtorList> {
  const today = rigaDate(ctx.now());
  const overdue = await listOverdueInvoices(ctx.db, today);
  const debtors = new Map<string, DebtorList['debtors'][number]>();
  for (const row of overdue) {
    const debtor = debtors.get(row.organisationId) ?? {
      organisation: { id: row.organisationId, name: row.organisationName },
      outstandingCents: 0,
      invoices: [],
    };
    const outstandingCents = Number(row.outstandingCents);
    debtor.outstandingCents += outstandingCents;
    debtor.invoices.push({
      id: row.id,
      number: row.number,
      dueOn: row.dueOn,
      outstandingCents,
      daysOverdue: calendarDaysBetween(row.dueOn, today),
    });
    debtors.set(row.organisationId, debtor);
  }
  return { debtors: [...debtors.values()].sort((a, b) => b.outstandingCents - a.outstandingCents) };
}
