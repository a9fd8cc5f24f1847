import type { Db } from '../../db/database';
import { fanOutNudges } from './webhook-nudges';

export interface WebhookFanOut {
  /** New change events were sealed: look for webhooks to nudge now. */
  nudge: () => void;
  /** Fans out everything sealed so far; resolves when done. */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Runs the webhook fan-out after the feed sealer, off the register's write path: writers never
 * wait for it. A nudge from this process's sealer starts a round at once (nudges that arrive while
 * a round waits to start share it); otherwise a round runs every `idleMs`, which picks up events
 * another process sealed and retries a round that failed. The first round catches up on whatever
 * was sealed while no process ran.
 */
export function startWebhookFanOut(
  db: Db,
  options: { idleMs?: number; onError: (error: unknown) => void },
): WebhookFanOut {
  const idleMs = options.idleMs ?? 1_000;
  let isStopped = false;
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const run = (): Promise<void> => {
    if (queued) return queued;
    clearTimeout(timer);
    const next = running
      .then(() => {
        queued = null;
        return fanOutNudges(db);
      })
      .then(() => undefined, options.onError)
      .finally(() => {
        if (!isStopped && !queued) timer = setTimeout(run, idleMs);
      });
    queued = next;
    running = next;
    return next;
  };
  run();
  return {
    nudge: () => {
      if (!isStopped) void run();
    },
    flush: run,
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
