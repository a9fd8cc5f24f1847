import {
  Balance,
  BillingSettings,
  BillingSettingsHistory,
  CreateTariffBandsRequest,
  CreateTariffRequest,
  IdempotencyKeyHeaders,
  LedgerEntry,
  LedgerPage,
  LedgerQuery,
  OrganisationIdParams,
  Quote,
  QuoteRequest,
  RefundRequest,
  Tariff,
  TariffList,
  TopUpRequest,
  UpdateBillingSettingsRequest,
} from '@fpr/contract';
import type { FastifyRequest } from 'fastify';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { callerOf, organisationOf, userOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import { changeBillingSettings, readBillingSettings } from './billing-settings.service';
import { idempotencyClaimOf } from './idempotency-claim';
import { readLedger, readOwnBalance, readOwnLedger, recordRefund, recordTopUp } from './ledger.service';
import { quote } from './quote.service';
import { addTariffBands, addTariffPeriod, readTariffs } from './tariffs.service';

const adminTags = ['Prepaid state fee (PMLP)'];
const organisationTags = ['Prepaid state fee'];
const security = [{ sessionCookie: [] }];

/** Fees (DOMAIN §6): tariffs, billing settings, top-ups, refunds, the ledger and price quotes. */
export function registerBillingRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerTariffRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerMovementRoutes(app, ctx);
  registerLedgerRoutes(app, ctx);
  registerQuoteRoute(app, ctx);
}

function registerSettingsRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/admin/billing-settings',
    {
      schema: {
        tags: adminTags,
        summary: 'Read the billing settings',
        description: 'The settings in force (due days, automatic suspension) and every earlier version.',
        security,
        response: { 200: BillingSettingsHistory },
      },
      onRequest: userAuthentication(ctx, ['administrator', 'accountant']),
    },
    async () => readBillingSettings(ctx),
  );
  app.put(
    '/api/v1/admin/billing-settings',
    {
      schema: {
        tags: adminTags,
        summary: 'Change the billing settings',
        description:
          'A new version, in force at once, with the reason; earlier versions stay as history. Turning ' +
          'automatic suspension on lets the daily job suspend the connections of organisations whose ' +
          'invoice is overdue by more than suspensionOverdueDays.',
        security,
        body: UpdateBillingSettingsRequest,
        response: { 200: BillingSettings },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request) => changeBillingSettings(ctx, userOf(request), request.body),
  );
}

function registerQuoteRoute(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/billing/quote',
    {
      schema: {
        tags: organisationTags,
        summary: 'Price quote',
        description:
          'What a planned batch of person queries and a planned monitoring list would cost this month, ' +
          'and whether the prepaid balance covers the state-fee part. Records nothing.',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        body: QuoteRequest,
        response: { 200: Quote },
      },
      onRequest: callerAuthentication(ctx, { roles: ['contactPerson'] }),
    },
    async (request) => quote(ctx, callerOf(request), request.body),
  );
}

function registerTariffRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/admin/tariffs',
    {
      schema: {
        tags: adminTags,
        summary: 'List tariff periods',
        description: 'Every tariff period with its effective dates, past, current and scheduled.',
        security,
        response: { 200: TariffList },
      },
      onRequest: userAuthentication(ctx, ['administrator', 'accountant']),
    },
    async () => ({ tariffs: await readTariffs(ctx) }),
  );
  app.post(
    '/api/v1/admin/tariffs',
    {
      schema: {
        tags: adminTags,
        summary: 'Add a tariff period',
        description:
          'Starts a new open-ended period tomorrow or later; the open period of the same kind ends the ' +
          'day before. A period overlapping another is refused (409 conflict); history is never rewritten.',
        security,
        body: CreateTariffRequest,
        response: { 201: Tariff },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request, reply) => reply.code(201).send(await addTariffPeriod(ctx, userOf(request), request.body)),
  );
  app.post(
    '/api/v1/admin/tariff-bands',
    {
      schema: {
        tags: adminTags,
        summary: 'Add a set of subscription bands',
        description:
          'New bands for the environment subscription (per environment) or the monitoring subscription, ' +
          'from tomorrow or later; the open bands of the same kind (and environment) end the day before. ' +
          'Bands cover every count from 1 exactly once. An overlap with a later set is refused (409).',
        security,
        body: CreateTariffBandsRequest,
        response: { 201: TariffList },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request, reply) =>
      reply.code(201).send({ tariffs: await addTariffBands(ctx, userOf(request), request.body) }),
  );
}

function registerMovementRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const accountant = userAuthentication(ctx, ['administrator', 'accountant']);
  app.post(
    '/api/v1/admin/organisations/:organisationId/top-ups',
    {
      schema: {
        tags: adminTags,
        summary: 'Record a top-up',
        description:
          'A prepayment received from the organisation, with the bank payment reference. A retry with ' +
          'the same Idempotency-Key and body returns the original answer and records nothing more.',
        security,
        params: OrganisationIdParams,
        headers: IdempotencyKeyHeaders,
        body: TopUpRequest,
        response: { 201: LedgerEntry },
      },
      onRequest: accountant,
    },
    async (request, reply) => {
      const input = movement(request, request.params.organisationId, request.body);
      const answer = await recordTopUp(ctx, userOf(request), input);
      return reply.code(201).send(answer.body);
    },
  );
  app.post(
    '/api/v1/admin/organisations/:organisationId/refunds',
    {
      schema: {
        tags: adminTags,
        summary: 'Record a refund',
        description:
          'Money paid back to the organisation out of its balance, with a reason; never more than the ' +
          'balance (409 conflict). Idempotency-Key honoured as for top-ups.',
        security,
        params: OrganisationIdParams,
        headers: IdempotencyKeyHeaders,
        body: RefundRequest,
        response: { 201: LedgerEntry },
      },
      onRequest: accountant,
    },
    async (request, reply) => {
      const input = movement(request, request.params.organisationId, request.body);
      const answer = await recordRefund(ctx, userOf(request), input);
      return reply.code(201).send(answer.body);
    },
  );
}

function registerLedgerRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/admin/organisations/:organisationId/ledger',
    {
      schema: {
        tags: adminTags,
        summary: "Read an organisation's ledger",
        description: 'Top-ups, charges and refunds, newest first, with the balance; page with `cursor`.',
        security,
        params: OrganisationIdParams,
        querystring: LedgerQuery,
        response: { 200: LedgerPage },
      },
      onRequest: userAuthentication(ctx, ['administrator', 'accountant']),
    },
    async (request) => readLedger(ctx, request.params.organisationId, request.query),
  );
  const contactPerson = userAuthentication(ctx, ['contactPerson']);
  app.get(
    '/api/v1/org/balance',
    {
      schema: {
        tags: organisationTags,
        summary: 'My prepaid balance',
        description: 'The state-fee balance of the caller’s organisation, in euro cents.',
        security,
        response: { 200: Balance },
      },
      onRequest: contactPerson,
    },
    async (request) => readOwnBalance(ctx, organisationOf(userOf(request))),
  );
  app.get(
    '/api/v1/org/ledger',
    {
      schema: {
        tags: organisationTags,
        summary: 'My ledger',
        description:
          'The caller’s organisation’s top-ups, charges and refunds, newest first; page with `cursor`.',
        security,
        querystring: LedgerQuery,
        response: { 200: LedgerPage },
      },
      onRequest: contactPerson,
    },
    async (request) => readOwnLedger(ctx, organisationOf(userOf(request)), request.query),
  );
}

/** The money movement a request asks for; its fingerprint binds the Idempotency-Key to it. */
function movement<T>(request: FastifyRequest, organisationId: string, body: T) {
  const { key, fingerprint } = idempotencyClaimOf(request);
  return { organisationId, idempotencyKey: key, fingerprint, body };
}
