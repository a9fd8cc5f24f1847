import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChangeFeedPage,
  ChangeFeedQuery,
  type Environment,
  MonitoringQuery,
  ReconcileRequest,
  ReconcileResponse,
  SubscribeRequest,
  SubscribeResponse,
  SubscriptionListQuery,
  SubscriptionPage,
  SubscriptionUploadQuery,
  SubscriptionUploadResponse,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from '@fpr/contract';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { sendJsonText } from '../../http/json-text';
import { callerOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import {
  listMonitored,
  type MonitoringOrigin,
  reconcile,
  subscribe,
  unsubscribe,
} from './monitoring.service';
import { readChanges } from './monitoring-feed.service';
import { monitoringOriginOf } from './monitoring-origin';
import { uploadSubscriptions } from './monitoring-upload.service';

const tags = ['Monitoring'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
/** Enough for 1,000 codes with generous line ends; larger uploads are refused before parsing. */
const uploadLimitBytes = 64 * 1024;

const FeedHeaders = Type.Object({
  'x-end-user': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The person working in the requester’s system',
    }),
  ),
});

/**
 * Monitoring (API §5) for system clients (their token's organisation and environment), PDP users
 * (their own organisation and environment) and the organisation's contact persons (who name the
 * environment with `?environment=`). No route names an organisation: each works only on the
 * caller's own subscriptions and feed.
 */
export function registerMonitoringRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const authenticate = callerAuthentication(ctx, { roles: ['pdpUser', 'contactPerson'] });
  app.post(
    '/api/v1/monitoring/subscriptions',
    {
      schema: {
        tags,
        summary: 'Monitor persons',
        description:
          '1–1,000 codes under a purpose with monitoring; each answers `added`, `alreadySubscribed`, `notFound` or ' +
          '`invalid` (not a real code). Idempotent. An old code finds the person who changed it.',
        security,
        querystring: MonitoringQuery,
        body: SubscribeRequest,
        response: { 200: SubscribeResponse },
      },
      onRequest: authenticate,
    },
    async (request) => subscribe(ctx, await originOf(ctx, request, request.query.environment), request.body),
  );
  app.post(
    '/api/v1/monitoring/subscriptions/remove',
    {
      schema: {
        tags,
        summary: 'Stop monitoring persons',
        description: 'Changes recorded until now stay in the feed; later ones are not delivered.',
        security,
        querystring: MonitoringQuery,
        body: UnsubscribeRequest,
        response: { 200: UnsubscribeResponse },
      },
      onRequest: authenticate,
    },
    async (request) =>
      unsubscribe(ctx, await originOf(ctx, request, request.query.environment), request.body.personalCodes),
  );
  app.get(
    '/api/v1/monitoring/subscriptions',
    {
      schema: {
        tags,
        summary: 'Persons monitored',
        description: 'In the order they were added; `after` takes the previous page’s `next`.',
        security,
        querystring: SubscriptionListQuery,
        response: { 200: SubscriptionPage },
      },
      onRequest: authenticate,
    },
    async (request) =>
      listMonitored(ctx, await originOf(ctx, request, request.query.environment), request.query),
  );
  app.get(
    '/api/v1/monitoring/changes',
    {
      schema: {
        tags,
        summary: 'Changes of monitored persons',
        description:
          'Ascending `sequence`; ask `after=lastSequence` and no change is ever skipped. Only changes recorded while ' +
          'the person was monitored that touch the purpose’s scopes; `person` holds the purpose’s fields as of the ' +
          'change. The first delivery of each change is audited; re-reading is allowed. The `Link` header ' +
          '(RFC 8288, `rel="next"`) names the next page before the body arrives, so a consumer can ask for it ' +
          'while it still processes this one.',
        security,
        headers: FeedHeaders,
        querystring: ChangeFeedQuery,
        response: { 200: ChangeFeedPage },
      },
      onRequest: authenticate,
    },
    async (request, reply) => {
      const page = await readChanges(
        ctx,
        {
          ...(await originOf(ctx, request, request.query.environment)),
          requestId: request.id,
          endUser: request.headers['x-end-user'],
        },
        request.query,
      );
      reply.header('link', nextPageLink(request.query, page.lastSequence));
      return sendJsonText(reply, page.json);
    },
  );
  app.post(
    '/api/v1/monitoring/reconcile',
    {
      schema: {
        tags,
        summary: 'Compare held versions',
        description:
          'Up to 1,000 persons: `stale` where the register is newer, `unknown` where not monitored.',
        security,
        querystring: MonitoringQuery,
        body: ReconcileRequest,
        response: { 200: ReconcileResponse },
      },
      onRequest: authenticate,
    },
    async (request) => reconcile(ctx, await originOf(ctx, request, request.query.environment), request.body),
  );
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // A file of codes, one per line, as the portal uploads it; parsed by the service, not here.
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: uploadLimitBytes },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/v1/monitoring/subscriptions/upload',
      {
        schema: {
          tags,
          summary: 'Monitor persons from a file',
          description:
            'A `text/csv` body with one personal code per line (at most 1,000; a header line, blank lines, CRLF and a ' +
            'byte-order mark are tolerated), added as `POST /subscriptions` would; each line answers its outcome.',
          security,
          consumes: ['text/csv'],
          querystring: SubscriptionUploadQuery,
          body: Type.String({ maxLength: uploadLimitBytes, description: 'One personal code per line' }),
          response: { 200: SubscriptionUploadResponse },
        },
        onRequest: authenticate,
      },
      async (request) =>
        uploadSubscriptions(
          ctx,
          await originOf(ctx, request, request.query.environment),
          request.query,
          request.body,
        ),
    );
  });
}

/** The organisation and environment of the call (see `monitoringOriginOf`). */
function originOf(
  ctx: AppContext,
  request: FastifyRequest,
  environment: Environment | undefined,
): Promise<MonitoringOrigin> {
  return monitoringOriginOf(ctx, callerOf(request), environment);
}

/**
 * The next page as an RFC 8288 link: the same query from `lastSequence` on. A header arrives before
 * the body, so a consumer can ask for the next page while it still parses this one; relative, so it
 * holds behind any proxy.
 */
function nextPageLink(query: ChangeFeedQuery, lastSequence: bigint): string {
  const next = new URLSearchParams({ after: lastSequence.toString() });
  if (query.limit !== undefined) next.set('limit', String(query.limit));
  if (query.environment !== undefined) next.set('environment', query.environment);
  return `</api/v1/monitoring/changes?${next}>; rel="next"`;
}
