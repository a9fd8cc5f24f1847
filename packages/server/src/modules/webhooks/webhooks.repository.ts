import type { Environment } from '@fpr/contract';
import type { Db } from '../../db/database';

/** An organisation and the environment its webhook belongs to. */
export interface WebhookKey {
  organisationId: string;
  environment: Environment;
}

export interface WebhookRow {
  organisationId: string;
  environment: string;
  url: string;
  sealedSecret: string;
  createdAt: Date;
  updatedAt: Date;
  consecutiveFailures: number;
  lastAttemptAt: Date | null;
}

/** Who changed a webhook: a system client or a person. */
export type WebhookActor = { clientId: string } | { userId: string };

const webhookColumns = [
  'organisationId',
  'environment',
  'url',
  'sealedSecret',
  'createdAt',
  'updatedAt',
  'consecutiveFailures',
  'lastAttemptAt',
] as const;

export async function findWebhook(db: Db, key: WebhookKey): Promise<WebhookRow | undefined> {
  return db
    .selectFrom('monitoringWebhook')
    .select(webhookColumns)
    .where('organisationId', '=', key.organisationId)
    .where('environment', '=', key.environment)
    .executeTakeFirst();
}

/** Sets or replaces the webhook; a new address or secret starts with a clean delivery record. */
export async function upsertWebhook(
  db: Db,
  webhook: WebhookKey & { url: string; sealedSecret: string; at: Date },
): Promise<WebhookRow> {
  const { organisationId, environment, url, sealedSecret, at } = webhook;
  return db
    .insertInto('monitoringWebhook')
    .values({ organisationId, environment, url, sealedSecret, createdAt: at, updatedAt: at })
    .onConflict((conflict) =>
      conflict
        .columns(['organisationId', 'environment'])
        .doUpdateSet({ url, sealedSecret, updatedAt: at, consecutiveFailures: 0, lastAttemptAt: null }),
    )
    .returning(webhookColumns)
    .executeTakeFirstOrThrow();
}

/** Removes the webhook; false when there was none. */
export async function deleteWebhook(db: Db, key: WebhookKey): Promise<boolean> {
  const result = await db
    .deleteFrom('monitoringWebhook')
    .where('organisationId', '=', key.organisationId)
    .where('environment', '=', key.environment)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertWebhookEvent(
  db: Db,
  event: WebhookKey & { action: 'set' | 'removed'; url: string | null; actor: WebhookActor; at: Date },
): Promise<void> {
  await db
    .insertInto('monitoringWebhookEvent')
    .values({
      organisationId: event.organisationId,
      environment: event.environment,
      action: event.action,
      url: event.url,
      actorUserId: 'userId' in event.actor ? event.actor.userId : null,
      actorClientId: 'clientId' in event.actor ? event.actor.clientId : null,
      at: event.at,
    })
    .execute();
}

export interface WebhookDeliveryRow {
  url: string;
  headSequence: string;
  attempt: number;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  isDelivered: boolean;
}

/** The latest delivery attempts of a webhook, newest first. */
export async function listDeliveries(db: Db, key: WebhookKey, limit: number): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('monitoringWebhookDelivery')
    .select([
      'url',
      'headSequence',
      'attempt',
      'attemptedAt',
      'durationMs',
      'statusCode',
      'error',
      'isDelivered',
    ])
    .where('organisationId', '=', key.organisationId)
    .where('environment', '=', key.environment)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Records one attempt and keeps the webhook's run of failures (the back-off of later nudges reads
 * it). A webhook removed meanwhile keeps only the attempt.
 */
export async function recordDeliveryAttempt(db: Db, attempt: WebhookKey & WebhookDeliveryRow): Promise<void> {
  const { organisationId, environment, ...outcome } = attempt;
  await db
    .insertInto('monitoringWebhookDelivery')
    .values({ organisationId, environment, ...outcome })
    .execute();
  await db
    .updateTable('monitoringWebhook')
    .set((eb) => ({
      consecutiveFailures: outcome.isDelivered ? 0 : eb('consecutiveFailures', '+', 1),
      lastAttemptAt: outcome.attemptedAt,
    }))
    .where('organisationId', '=', organisationId)
    .where('environment', '=', environment)
    .where('url', '=', outcome.url)
    .execute();
}

/** The fan-out's position, locked for this transaction so that fan-outs run one at a time. */
export async function lockFanOutPosition(db: Db): Promise<string> {
  const row = await db
    .selectFrom('monitoringWebhookFanOut')
    .select('lastSequence')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.lastSequence;
}

export async function advanceFanOut(db: Db, lastSequence: string): Promise<void> {
  await db.updateTable('monitoringWebhookFanOut').set({ lastSequence }).where('id', '=', 1).execute();
}

export type DueWebhookRow = WebhookKey & Pick<WebhookRow, 'consecutiveFailures' | 'lastAttemptAt'>;

/**
 * Webhooks whose organisation's feed gained a change in (after, through]: one probe of the
 * feed's fan-out index per webhook, however many changes there were.
 */
export async function webhooksWithChanges(
  db: Db,
  range: { after: string; through: string },
): Promise<DueWebhookRow[]> {
  const rows = await db
    .selectFrom('monitoringWebhook as webhook')
    .select([
      'webhook.organisationId',
      'webhook.environment',
      'webhook.consecutiveFailures',
      'webhook.lastAttemptAt',
    ])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('monitoringChange as change')
          .select('change.sequence')
          .whereRef('change.organisationId', '=', 'webhook.organisationId')
          .whereRef('change.environment', '=', 'webhook.environment')
          .where('change.sequence', '>', range.after)
          .where('change.sequence', '<=', range.through),
      ),
    )
    .execute();
  return rows.map((row) => ({ ...row, environment: row.environment as Environment }));
}
