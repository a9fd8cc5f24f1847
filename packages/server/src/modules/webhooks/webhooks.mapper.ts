import type { Environment, Webhook, WebhookDelivery } from '@fpr/contract';
import type { WebhookDeliveryRow, WebhookRow } from './webhooks.repository';

/** The secret never leaves the server, sealed or not. */
export function toWebhook(row: WebhookRow): Webhook {
  return {
    environment: row.environment as Environment,
    url: row.url,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    headSequence: Number(row.headSequence),
    url: row.url,
    attempt: row.attempt,
    attemptedAt: row.attemptedAt.toISOString(),
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    delivered: row.isDelivered,
    error: row.error,
  };
}
