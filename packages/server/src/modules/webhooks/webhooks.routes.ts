import { WebhookQuery, WebhookRequest, WebhookStatus, Webhook as WebhookView } from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { memberOf, refuseInvalidBody } from '../connections/input-validation';
import { callerOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import { webhookUrlProblems } from './webhook-url';
import { readWebhook, removeWebhook, setWebhook, webhookKeyOf } from './webhooks.service';

const tags = ['Monitoring'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

/**
 * The monitoring webhook (API §5): an optional nudge after new changes, per organisation and
 * environment; system clients and the organisation's contact persons manage it.
 */
export function registerWebhookRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const caller = callerAuthentication(ctx, { roles: ['contactPerson'] });
  app.put(
    '/api/v1/monitoring/webhook',
    {
      schema: {
        tags,
        summary: 'Set the monitoring webhook',
        description:
          'After new changes of monitored persons the server POSTs `{ "headSequence": n }` here, signed ' +
          'with `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>` under the secret, and retries ' +
          'with exponential back-off (10 attempts over about 3.5 hours, 10 s each, redirects refused). ' +
          'The consumer then pulls the change feed; a lost nudge loses no data. A contact person names ' +
          'the environment (`?environment=`).',
        security,
        querystring: WebhookQuery,
        body: WebhookRequest,
        response: { 200: WebhookView },
      },
      onRequest: caller,
      attachValidation: true,
    },
    async (request) => {
      // The environment decides the URL rules, so a bad query string is answered first.
      if (request.validationError?.validationContext === 'querystring') throw request.validationError;
      const key = webhookKeyOf(callerOf(request), request.query.environment);
      refuseInvalidBody(request, (body) => webhookUrlProblems(memberOf(body, 'url'), key.environment));
      return setWebhook(ctx, callerOf(request), key, request.body);
    },
  );
  app.delete(
    '/api/v1/monitoring/webhook',
    {
      schema: {
        tags,
        summary: 'Remove the monitoring webhook',
        description: 'Nudges not yet delivered are dropped.',
        security,
        querystring: WebhookQuery,
      },
      onRequest: caller,
    },
    async (request, reply) => {
      const key = webhookKeyOf(callerOf(request), request.query.environment);
      await removeWebhook(ctx, callerOf(request), key);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/monitoring/webhook',
    {
      schema: {
        tags,
        summary: 'The monitoring webhook and its latest deliveries',
        description: 'The address (never the secret) and the most recent delivery attempts.',
        security,
        querystring: WebhookQuery,
        response: { 200: WebhookStatus },
      },
      onRequest: caller,
    },
    async (request) => readWebhook(ctx, webhookKeyOf(callerOf(request), request.query.environment)),
  );
}
