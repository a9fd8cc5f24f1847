import type { Db } from '../db/database';
import { expireIdempotencyKeys } from '../modules/billing/idempotency';

/** How often housekeeping runs; nothing depends on its promptness (expired keys are reclaimed on reuse). */
const intervalMs = 15 * 60 * 1000;

/**
 * Periodic housekeeping in the server process: idempotency records older than a day are deleted.
 * A run that fails is reported and retried at the next tick.
 */
export function startMaintenance(
  db: Db,
  options: { onError: (error: unknown) => void },
): { stop: () => void } {
  const run = () => {
    expireIdempotencyKeys({ db, now: () => new Date() }).catch(options.onError);
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
