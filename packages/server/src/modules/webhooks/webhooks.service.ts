import {
  type Environment,
  type Webhook,
  type WebhookRequest,
  type WebhookStatus,
  webhookDeliveriesShown,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import { type Caller, organisationOf } from '../identity/caller';
import type { SecretBox } from '../identity/secret-box';
import { listUsablePurposes } from '../me/me.repository';
import { webhookUrlProblems } from './webhook-url';
import { toWebhook, toWebhookDelivery } from './webhooks.mapper';
import {
  deleteWebhook,
  findWebhook,
  insertWebhookEvent,
  listDeliveries,
  upsertWebhook,
  type WebhookActor,
  type WebhookKey,
} from './webhooks.repository';

export interface WebhooksContext {
  db: Db;
  now: () => Date;
  secretBox: SecretBox;
}

/**
 * The webhook a call works on: a system client's is its token's organisation and environment; an
 * organisation's contact person names the environment.
 */
export function webhookKeyOf(caller: Caller, environment: Environment | undefined): WebhookKey {
  if (caller.kind === 'client') {
    if (environment !== undefined && environment !== caller.environment)
      throw problem('environmentMismatch', { detail: 'A client works only in its token’s environment.' });
    return { organisationId: caller.organisationId, environment: caller.environment };
  }
  const organisationId = organisationOf(caller);
  if (environment === undefined)
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'environment', code: 'required', reason: 'names the webhook’s environment' }],
    });
  return { organisationId, environment };
}

/** Sets the organisation's webhook in one environment (needs a purpose with monitoring there). */
export async function setWebhook(
  ctx: WebhooksContext,
  caller: Caller,
  key: WebhookKey,
  input: WebhookRequest,
): Promise<Webhook> {
  const invalidParams = webhookUrlProblems(input.url, key.environment);
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  await requireMonitoringPurpose(ctx, caller, key);
  const at = ctx.now();
  const sealedSecret = ctx.secretBox.seal(input.secret);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const saved = await upsertWebhook(trx, { ...key, url: input.url, sealedSecret, at });
    await insertWebhookEvent(trx, { ...key, action: 'set', url: input.url, actor: actorOf(caller), at });
    return saved;
  });
  return toWebhook(row);
}

/** Removes the webhook; nudges still waiting find none and are dropped. */
export async function removeWebhook(ctx: WebhooksContext, caller: Caller, key: WebhookKey): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteWebhook(trx, key))) throw problem('notFound', { detail: 'No webhook is set.' });
    await insertWebhookEvent(trx, {
      ...key,
      action: 'removed',
      url: null,
      actor: actorOf(caller),
      at: ctx.now(),
    });
  });
}

/** The webhook and its latest delivery attempts, for the portal and for clients. */
export async function readWebhook(ctx: WebhooksContext, key: WebhookKey): Promise<WebhookStatus> {
  const row = await findWebhook(ctx.db, key);
  if (!row) throw problem('notFound', { detail: 'No webhook is set.' });
  const deliveries = await listDeliveries(ctx.db, key, webhookDeliveriesShown);
  return { webhook: toWebhook(row), deliveries: deliveries.map(toWebhookDelivery) };
}

async function requireMonitoringPurpose(
  ctx: WebhooksContext,
  caller: Caller,
  key: WebhookKey,
): Promise<void> {
  const purposes = await listUsablePurposes(ctx.db, {
    ...key,
    day: rigaDate(ctx.now()),
    ...(caller.kind === 'client' ? { channel: 'api' } : {}),
  });
  if (!purposes.some((purpose) => purpose.isMonitoring))
    throw problem('purposeNotPermitted', {
      detail: 'Monitoring needs a purpose with monitoring in force in this environment.',
    });
}

function actorOf(caller: Caller): WebhookActor {
  return caller.kind === 'client' ? { clientId: caller.clientId } : { userId: caller.userId };
}
