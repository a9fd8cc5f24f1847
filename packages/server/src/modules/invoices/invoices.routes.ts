import {
  CreditNoteRequest,
  DebtorList,
  IdempotencyKeyHeaders,
  Invoice,
  InvoiceIdParams,
  InvoiceList,
  InvoiceQuery,
  InvoiceRunRequest,
  InvoiceRunResult,
  MonthParams,
  Payment,
  PaymentRequest,
  Statement,
} from '@fpr/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, FastifyTypebox } from '../../app';
import { idempotencyClaimOf } from '../billing/idempotency-claim';
import { userAuthentication } from '../identity/authenticate';
import { organisationOf, userOf } from '../identity/caller';
import { renderInvoicePdf } from './invoice-pdf';
import { runMonthlyInvoicing } from './invoice-run.service';
import { issueCreditNote, readDebtors, readInvoice, readInvoices, recordPayment } from './invoices.service';
import { readStatement } from './statement.service';
import { renderStatementPdf } from './statement-pdf';

const adminTags = ['Invoices (PMLP)'];
const organisationTags = ['Invoices and statements'];
const security = [{ sessionCookie: [] }];
const pdfResponse = {
  description: 'A4 PDF in Latvian',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

/** Monthly invoices, credit notes, payments, debtors and prepaid statements (DOMAIN §6). */
export function registerInvoiceRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerRunRoute(app, ctx);
  registerAdminInvoiceRoutes(app, ctx);
  registerMoneyRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
}

function registerRunRoute(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/admin/invoice-runs',
    {
      schema: {
        tags: adminTags,
        summary: 'Invoice a month',
        description:
          'Runs the monthly invoicing (also a scheduled job on the 1st) for a month that has ended. ' +
          'Running it again changes nothing: an organisation gets one invoice per month.',
        security,
        body: InvoiceRunRequest,
        response: { 200: InvoiceRunResult },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request) => runMonthlyInvoicing(ctx, request.body.month, userOf(request).userId),
  );
}

function registerAdminInvoiceRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const staff = userAuthentication(ctx, ['administrator', 'accountant']);
  app.get(
    '/api/v1/admin/invoices',
    {
      schema: {
        tags: adminTags,
        summary: 'List invoices and credit notes',
        description: 'Newest first, by month and organisation; at most 500.',
        security,
        querystring: InvoiceQuery,
        response: { 200: InvoiceList },
      },
      onRequest: staff,
    },
    async (request) => ({ invoices: await readInvoices(ctx, request.query) }),
  );
  app.get(
    '/api/v1/admin/invoices/:invoiceId',
    {
      schema: {
        tags: adminTags,
        summary: 'Read an invoice',
        security,
        params: InvoiceIdParams,
        response: { 200: Invoice },
      },
      onRequest: staff,
    },
    async (request) => readInvoice(ctx, request.params.invoiceId),
  );
  app.get(
    '/api/v1/admin/invoices/:invoiceId/pdf',
    {
      schema: {
        tags: adminTags,
        summary: 'Invoice as PDF',
        security,
        params: InvoiceIdParams,
        response: { 200: pdfResponse },
      },
      config: { produces: ['application/pdf'] },
      onRequest: staff,
    },
    async (request, reply) => sendInvoicePdf(ctx, reply, request.params.invoiceId),
  );
  app.get(
    '/api/v1/admin/debtors',
    {
      schema: {
        tags: adminTags,
        summary: 'Debtors',
        description:
          'Organisations with invoices past their due date and still owed, the largest debt first.',
        security,
        response: { 200: DebtorList },
      },
      onRequest: staff,
    },
    async () => readDebtors(ctx),
  );
}

function registerMoneyRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const staff = userAuthentication(ctx, ['administrator', 'accountant']);
  app.post(
    '/api/v1/admin/invoices/:invoiceId/payments',
    {
      schema: {
        tags: adminTags,
        summary: 'Record a payment',
        description:
          'Money received against an invoice, with the bank reference; more than is outstanding is ' +
          'refused (400, invalidParams amountCents). Settling an invoice restores connections suspended for it. ' +
          'The same Idempotency-Key and body returns the first answer and records nothing more.',
        security,
        headers: IdempotencyKeyHeaders,
        params: InvoiceIdParams,
        body: PaymentRequest,
        response: { 201: Payment },
      },
      onRequest: staff,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await recordPayment(
            ctx,
            userOf(request),
            request.params.invoiceId,
            request.body,
            idempotencyClaimOf(request),
          ),
        ),
  );
  app.post(
    '/api/v1/admin/invoices/:invoiceId/credit-notes',
    {
      schema: {
        tags: adminTags,
        summary: 'Issue a credit note',
        description:
          'Corrects an issued invoice (which never changes): negative lines for the whole invoice or the ' +
          'net amounts given per line, numbered in the same yearly sequence as invoices. The same ' +
          'Idempotency-Key and body returns the credit note already issued.',
        security,
        headers: IdempotencyKeyHeaders,
        params: InvoiceIdParams,
        body: CreditNoteRequest,
        response: { 201: Invoice },
      },
      onRequest: staff,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await issueCreditNote(
            ctx,
            userOf(request),
            request.params.invoiceId,
            request.body,
            idempotencyClaimOf(request),
          ),
        ),
  );
}

function registerOrganisationRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const contactPerson = userAuthentication(ctx, ['contactPerson']);
  const own = (request: FastifyRequest) => organisationOf(userOf(request));
  app.get(
    '/api/v1/org/invoices',
    {
      schema: {
        tags: organisationTags,
        summary: 'My invoices',
        description: 'The organisation’s invoices and credit notes, newest first, with what is outstanding.',
        security,
        response: { 200: InvoiceList },
      },
      onRequest: contactPerson,
    },
    async (request) => ({ invoices: await readInvoices(ctx, { organisationId: own(request) }) }),
  );
  app.get(
    '/api/v1/org/invoices/:invoiceId',
    {
      schema: {
        tags: organisationTags,
        summary: 'My invoice',
        security,
        params: InvoiceIdParams,
        response: { 200: Invoice },
      },
      onRequest: contactPerson,
    },
    async (request) => readInvoice(ctx, request.params.invoiceId, own(request)),
  );
  app.get(
    '/api/v1/org/invoices/:invoiceId/pdf',
    {
      schema: {
        tags: organisationTags,
        summary: 'My invoice as PDF',
        security,
        params: InvoiceIdParams,
        response: { 200: pdfResponse },
      },
      config: { produces: ['application/pdf'] },
      onRequest: contactPerson,
    },
    async (request, reply) => sendInvoicePdf(ctx, reply, request.params.invoiceId, own(request)),
  );
  app.get(
    '/api/v1/org/statements/:month',
    {
      schema: {
        tags: organisationTags,
        summary: 'My prepaid statement of a month',
        description: 'The state-fee balance at the start and end of the month and the month’s entries.',
        security,
        params: MonthParams,
        response: { 200: Statement },
      },
      onRequest: contactPerson,
    },
    async (request) => readStatement(ctx, own(request), request.params.month),
  );
  app.get(
    '/api/v1/org/statements/:month/pdf',
    {
      schema: {
        tags: organisationTags,
        summary: 'My prepaid statement as PDF',
        security,
        params: MonthParams,
        response: { 200: pdfResponse },
      },
      config: { produces: ['application/pdf'] },
      onRequest: contactPerson,
    },
    async (request, reply) => {
      const statement = await readStatement(ctx, own(request), request.params.month);
      return sendPdf(reply, await renderStatementPdf(statement), `statement-${statement.month}.pdf`);
    },
  );
}

async function sendInvoicePdf(
  ctx: AppContext,
  reply: FastifyReply,
  invoiceId: string,
  organisationId?: string,
) {
  const invoice = await readInvoice(ctx, invoiceId, organisationId);
  const credited = invoice.creditedInvoiceId ? await readInvoice(ctx, invoice.creditedInvoiceId) : undefined;
  return sendPdf(reply, await renderInvoicePdf(invoice, credited?.number), `${invoice.number}.pdf`);
}

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}
