import type { Db } from '../../db/database';
import {
  advanceChainHead,
  linkPendingAuditEvents,
  lockChainHead,
  observeWriters,
} from './audit-chain.repository';
import { isSameMark, nextSealedMark } from './sealed-mark';

const defaultBatchSize = 5_000;

/**
 * Links one batch of committed, unlinked records onto the chain, in one transaction under the chain
 * head's lock (ADR 0005): the links go into their own table, one statement per batch that also
 * hashes them in PostgreSQL (ADR 0015), and the records are never touched (ADR 0011). Writers never
 * wait for it: they insert records and commit.
 */
export async function sealAuditBatch(
  db: Db,
  batchSize = defaultBatchSize,
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await lockChainHead(trx);
    // Before the read of unlinked records, so that the writers it names cannot have drawn an id
    // that read misses for any other reason than their not having committed (see sealed-mark.ts).
    const observation = await observeWriters(trx);
    // A statement after the lock: it sees every record committed before the lock was granted.
    const linked = await linkPendingAuditEvents(trx, head, head.mark.sealedBelowId, batchSize);
    const last = linked.last;
    const mark = nextSealedMark(head.mark, observation, {
      isComplete: linked.count < batchSize,
      lastId: last?.id ?? null,
    });
    if (!last && isSameMark(mark, head.mark)) return 0;
    const end = last ? { lastPosition: last.chainPosition, lastHash: last.hash } : null;
    await advanceChainHead(trx, { end, mark, sealedAt: now });
    return linked.count;
  });
}

/** Seals everything committed so far, batch by batch; returns how many records it linked. */
export async function sealAuditEvents(db: Db, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  let total = 0;
  for (;;) {
    const sealed = await sealAuditBatch(db, batchSize);
    total += sealed;
    // A short batch means nothing committed was left waiting.
    if (sealed < batchSize) return total;
  }
}

export interface AuditSealer {
  /** Asks for a sealing soon (after a commit) instead of at the next idle tick; nudges coalesce. */
  nudge: () => void;
  /** Seals everything committed so far; resolves when done. */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Runs the sealer in the background: at least every `idleMs`, and `nudgeDelayMs` after a nudge.
 * Several processes may run one; the chain head's lock keeps their sealings serial.
 */
export function startAuditSealer(
  db: Db,
  options: { idleMs?: number; nudgeDelayMs?: number; batchSize?: number; onError: (error: unknown) => void },
): AuditSealer {
  const idleMs = options.idleMs ?? 200;
  const nudgeDelayMs = options.nudgeDelayMs ?? 10;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | null = null;
  let isStopped = false;
  let isNudged = false;
  let isAskedAgain = false;

  const seal = () => sealAuditEvents(db, { batchSize: options.batchSize }).then(() => undefined);
  const tick = (): void => {
    if (isStopped) return;
    if (current) {
      isAskedAgain = true;
      return;
    }
    current = seal()
      .catch(options.onError)
      .finally(() => {
        current = null;
        if (isAskedAgain) {
          isAskedAgain = false;
          tick();
        } else if (!isNudged && !isStopped) timer = setTimeout(tick, idleMs);
      });
  };
  const nudge = (): void => {
    if (isStopped || isNudged) return;
    isNudged = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      isNudged = false;
      tick();
    }, nudgeDelayMs);
  };
  tick();
  return {
    nudge,
    flush: seal,
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
