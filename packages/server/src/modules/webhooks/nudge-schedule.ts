/**
 * How nudges are retried. The job queue retries a failed attempt after e^n seconds (n = attempts so
 * far, at most 10), so 10 attempts span about 3.5 hours; a receiver that answers nothing within the
 * timeout counts as failed.
 */
export const nudgeMaxAttempts = 10;
export const nudgeTimeoutMs = 10_000;

/**
 * When a new nudge for a webhook may first be tried. A fresh nudge replaces a waiting one (and
 * restarts its attempts), so without this a receiver that is down would be hit after every new
 * change; instead it waits out the same back-off the queue would have applied.
 */
export function nudgeNotBefore(webhook: {
  consecutiveFailures: number;
  lastAttemptAt: Date | null;
}): Date | undefined {
  if (webhook.consecutiveFailures === 0 || webhook.lastAttemptAt === null) return undefined;
  const delaySeconds = Math.exp(Math.min(webhook.consecutiveFailures, 10));
  return new Date(webhook.lastAttemptAt.getTime() + Math.round(delaySeconds * 1000));
}
