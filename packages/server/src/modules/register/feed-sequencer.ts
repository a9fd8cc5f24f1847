import type { Db } from '../../db/database';
import { sealCommittedEvents } from './change-feed.repository';

export interface FeedSequencer {
  /** Asks for a sealing soon (after a commit), instead of waiting for the next tick. */
  nudge: () => void;
  /** Seals everything committed so far; resolves when done. */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

const batchSize = 10_000;

/** Gives every event committed so far its feed position; returns how many were sealed. */
export async function sealAllCommitted(db: Db): Promise<number> {
  let sealed = 0;
  let batch: number;
  do {
    batch = await sealCommittedEvents(db, batchSize);
    sealed += batch;
  } while (batch === batchSize); // A full batch means more may be waiting.
  return sealed;
}

/**
 * Runs the feed sealer in the background: soon after a nudge (nudges within `nudgeDelayMs` share
 * one sealing, so a busy register is not doubled by sealing work) and at least every `idleMs`.
 * Several processes may run one; the sequencer row lock keeps their sealings serial.
 */
export function startFeedSequencer(
  db: Db,
  options: {
    idleMs?: number;
    nudgeDelayMs?: number;
    onError: (error: unknown) => void;
    /** Called after a sealing that gave positions to new events (the webhook fan-out follows it). */
    onSealed?: () => void;
  },
): FeedSequencer {
  const idleMs = options.idleMs ?? 100;
  const nudgeDelayMs = options.nudgeDelayMs ?? 5;
  let isNudged = false;
  let isStopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const sealAll = async () => {
    if ((await sealAllCommitted(db)) > 0) options.onSealed?.();
  };
  let queued: Promise<void> | null = null;
  // Coalesces nudges: a sealing not yet started will see every commit made before it starts.
  const run = (): Promise<void> => {
    if (queued) return queued;
    // This sealing also serves a nudge still waiting for its delay: forgetting the nudge's timer
    // without clearing `isNudged` would leave the sealer refusing every later nudge and tick.
    clearTimeout(timer);
    isNudged = false;
    const next = running
      .then(() => {
        queued = null;
        return sealAll();
      })
      .catch(options.onError)
      .finally(() => {
        if (!isStopped && !queued && !isNudged) timer = setTimeout(run, idleMs);
      });
    queued = next;
    running = next;
    return next;
  };
  run();
  return {
    nudge: () => {
      if (isNudged || queued || isStopped) return;
      isNudged = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        isNudged = false;
        run();
      }, nudgeDelayMs);
    },
    flush: () => run(),
    stop: async () => {
      isStopped = true;
      isNudged = false;
      clearTimeout(timer);
      await running;
    },
  };
}
