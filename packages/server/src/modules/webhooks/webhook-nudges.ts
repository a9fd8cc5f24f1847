import type { Environment } from '@fpr/contract';
import type { Db } from '../../db/database';
import type { SecretBox } from '../identity/secret-box';
import type { JobHandler } from '../jobs/job-queue';
import { enqueueJob } from '../jobs/jobs.repository';
import { headSequence } from '../register/change-feed.repository';
import { nudgeMaxAttempts, nudgeNotBefore, nudgeTimeoutMs } from './nudge-schedule';
import { postNudge } from './webhook-delivery';
import {
  advanceFanOut,
  findWebhook,
  lockFanOutPosition,
  recordDeliveryAttempt,
  type WebhookKey,
  webhooksWithChanges,
} from './webhooks.repository';

/** The job queue's task that delivers one nudge. */
export const nudgeTask = 'monitoring-webhook-nudge';

interface NudgePayload extends WebhookKey {
  headSequence: string;
}

/**
 * Enqueues a nudge for every webhook whose organisation's feed gained changes since the last
 * fan-out, and moves the fan-out on, in one transaction: a crash either does both or neither. One
 * job per organisation and environment (its job key), so a burst of changes is one nudge that
 * carries the newest head.
 */
export async function fanOutNudges(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const after = await lockFanOutPosition(trx);
    const through = await headSequence(trx);
    if (BigInt(through) <= BigInt(after)) return 0;
    const due = await webhooksWithChanges(trx, { after, through });
    for (const webhook of due) {
      const key = { organisationId: webhook.organisationId, environment: webhook.environment };
      await enqueueJob(trx, {
        task: nudgeTask,
        payload: { ...key, headSequence: through } satisfies NudgePayload,
        jobKey: `${nudgeTask}:${key.organisationId}:${key.environment}`,
        runAt: nudgeNotBefore(webhook),
        maxAttempts: nudgeMaxAttempts,
      });
    }
    await advanceFanOut(trx, through);
    return due.length;
  });
}

export interface NudgeDeliveryContext {
  db: Db;
  now: () => Date;
  secretBox: SecretBox;
  timeoutMs?: number;
  /** Told after each attempt is recorded (tests wait on it). */
  onAttempt?: (attempt: WebhookKey & { isDelivered: boolean }) => void;
}

/**
 * Delivers one nudge to the webhook as it is now (a removed webhook drops the nudge) and records the
 * attempt; a failed attempt throws, so the queue retries it with back-off.
 */
export function deliverNudgeTask(ctx: NudgeDeliveryContext): JobHandler {
  return async (payload, job) => {
    const nudge = nudgePayloadOf(payload);
    const webhook = await findWebhook(ctx.db, nudge);
    if (!webhook) return;
    const body = JSON.stringify({ headSequence: Number(nudge.headSequence) });
    const attemptedAt = ctx.now();
    const target = {
      url: webhook.url,
      secret: ctx.secretBox.open(webhook.sealedSecret),
      environment: nudge.environment,
    };
    const outcome = await postNudge(target, body, ctx.timeoutMs ?? nudgeTimeoutMs);
    await ctx.db.transaction().execute((trx) =>
      recordDeliveryAttempt(trx, {
        organisationId: nudge.organisationId,
        environment: nudge.environment,
        url: webhook.url,
        headSequence: nudge.headSequence,
        attempt: job.attempts,
        attemptedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        isDelivered: outcome.error === null,
      }),
    );
    ctx.onAttempt?.({ ...webhookKeyOf(nudge), isDelivered: outcome.error === null });
    if (outcome.error !== null) throw new Error(`webhook nudge not delivered: ${outcome.error}`);
  };
}

function webhookKeyOf(nudge: NudgePayload): WebhookKey {
  return { organisationId: nudge.organisationId, environment: nudge.environment };
}

function nudgePayloadOf(payload: unknown): NudgePayload {
  const { organisationId, environment, headSequence } = (payload ?? {}) as Partial<NudgePayload>;
  if (
    typeof organisationId !== 'string' ||
    (environment !== 'test' && environment !== 'production') ||
    typeof headSequence !== 'string'
  )
    throw new Error('not a webhook nudge payload');
  return { organisationId, environment: environment as Environment, headSequence };
}
