// The sealer's low-water mark (ADR 0011): every record with an id below `sealedBelowId` is linked,
// so a sealing looks for unlinked records only from there. Pure: the sealer feeds it what it saw.
//
// Ids are drawn when a writer inserts, but become visible when it commits, and writers commit in
// any order. A record the sealer cannot see yet may therefore have a lower id than one it has just
// linked; the mark may only pass an id once no transaction that could have drawn it is running.
// A writer holds its lock on `audit_event` from before it draws an id until after its commit is
// visible, so: read the last id drawn, then the transactions holding that lock. Once none of them
// is running any more, every id up to the one read is committed (and visible) or rolled back.

/** What one sealing saw, in this order: ids drawn so far, then the transactions able to insert. */
export interface MarkObservation {
  /** One past the last id drawn. */
  drawnBelowId: string;
  /** The virtual transaction ids holding the writers' lock. */
  writers: readonly string[];
}

export interface SealedMark {
  sealedBelowId: string;
  /** An observation waiting for its writers to end; null when there is nothing to wait for. */
  pending: MarkObservation | null;
}

/** What the sealing linked: every visible unlinked record from the mark on, or only up to `lastId`. */
export interface SealedBatch {
  isComplete: boolean;
  /** The highest id linked, when any. */
  lastId: string | null;
}

/** The mark after a sealing, given the observation made before its read of unlinked records. */
export function nextSealedMark(mark: SealedMark, now: MarkObservation, batch: SealedBatch): SealedMark {
  const current = BigInt(mark.sealedBelowId);
  const resolved = resolvedBound(mark.pending, now);
  let target = resolved ?? current;
  if (!batch.isComplete && batch.lastId !== null) target = min(target, BigInt(batch.lastId) + 1n);
  const sealedBelowId = max(current, target);
  const isPendingKept = mark.pending !== null && resolved === null;
  const pending = isPendingKept ? mark.pending : nextPending(now, sealedBelowId);
  return { sealedBelowId: sealedBelowId.toString(), pending };
}

/** Whether two marks differ (so the head must be written). */
export function isSameMark(a: SealedMark, b: SealedMark): boolean {
  if (a.sealedBelowId !== b.sealedBelowId) return false;
  if (a.pending === null || b.pending === null) return a.pending === b.pending;
  return (
    a.pending.drawnBelowId === b.pending.drawnBelowId &&
    a.pending.writers.length === b.pending.writers.length &&
    a.pending.writers.every((writer, index) => b.pending?.writers[index] === writer)
  );
}

/** The highest id below which nothing can still be in flight, from what is known now. */
function resolvedBound(pending: MarkObservation | null, now: MarkObservation): bigint | null {
  // Nobody able to insert now: every id drawn before this observation is settled.
  if (now.writers.length === 0) return BigInt(now.drawnBelowId);
  if (pending === null) return null;
  const running = new Set(now.writers);
  return pending.writers.some((writer) => running.has(writer)) ? null : BigInt(pending.drawnBelowId);
}

function nextPending(now: MarkObservation, sealedBelowId: bigint): MarkObservation | null {
  if (BigInt(now.drawnBelowId) <= sealedBelowId) return null;
  return { drawnBelowId: now.drawnBelowId, writers: [...now.writers].sort() };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
