import type { Db } from '../../db/database';
import { createGroupCommit, type Waiting as GroupWaiting, settle } from '../../db/group-commit';
import {
  type CodesDelivery,
  type CodesDeliveryOutcome,
  deliverByCodes,
  deliverTogether,
  type TogetherOutcome,
} from './persons.repository';

/** Delivers one query by codes: read, charge, audit and persons, committed before it answers. */
export type DeliverCodes = (input: CodesDelivery) => Promise<CodesDeliveryOutcome>;

export interface DeliveryQueueLimits {
  /** Delivery statements running at once; past them, requests wait and then go together. */
  inFlight: number;
  /** Requests in one statement. */
  requests: number;
  /**
   * A request with more codes than this goes alone, at once: its persons' own work outweighs what
   * a statement of its own costs, and it would hold the single turn for long.
   */
  codesAlone: number;
}

// One statement at a time: a single-person statement costs PostgreSQL about 1.3 ms, so already at
// a few hundred requests per second the next ones arrive while it runs and go together. Sixty-four
// single-code requests cost a statement a few milliseconds.
export const deliveryQueueLimits: DeliveryQueueLimits = { inFlight: 1, requests: 64, codesAlone: 10 };

type Waiting = GroupWaiting<CodesDelivery, CodesDeliveryOutcome>;

/**
 * Group commit of concurrent deliveries (ARCHITECTURE §6). A delivery's own work in PostgreSQL —
 * a read, a fee, an audit row — is a small part of what one statement and its durable commit cost.
 * While fewer than `inFlight` statements run, a request goes at once, alone, and waits for nothing
 * more than it did before; when they all run, requests wait, and the next free turn sends every
 * waiting request of one environment (up to the limits) in one statement and one commit
 * (`deliverTogether`). Each request still gets its own answer only after that commit.
 */
export function createDeliveryQueue(
  db: Db,
  options: { limits?: DeliveryQueueLimits; onStatement?: (requests: number) => void } = {},
): DeliverCodes {
  const limits = options.limits ?? deliveryQueueLimits;
  const together = createGroupCommit<CodesDelivery, CodesDeliveryOutcome>({
    inFlight: limits.inFlight,
    perTurn: limits.requests,
    groupOf: (input) => input.environment,
    runTurn: (turn) => send(db, turn),
    onTurn: options.onStatement,
  });
  return (input) => {
    if (input.codes.length > limits.codesAlone) {
      options.onStatement?.(1);
      return deliverByCodes(db, input);
    }
    return together(input);
  };
}

async function send(db: Db, turn: Waiting[]): Promise<void> {
  const [first] = turn;
  if (!first) return;
  if (turn.length === 1) {
    await settle(first, () => deliverByCodes(db, first.input));
    return;
  }
  let outcomes: TogetherOutcome[];
  try {
    outcomes = await deliverTogether(
      db,
      first.input.environment,
      turn.map((request) => request.input),
    );
  } catch (error) {
    // A deadlock or serialisation failure rolled everything back: each request goes alone. Any
    // other error may have come after the commit, so repeating could charge twice: it is answered.
    if (isRolledBackConflict(error)) await eachAlone(db, turn);
    else for (const request of turn) request.reject(error);
    return;
  }
  // Delivered, or refused for a changed purpose: final. Current but not delivered means the
  // organisation's total was not covered: alone, the request is delivered if its own fee is, and
  // otherwise answered with the balance it met.
  const repeated: Waiting[] = [];
  for (const [index, request] of turn.entries()) {
    const outcome = outcomes[index] as TogetherOutcome;
    if (outcome.isDelivered || !outcome.isPurposeCurrent) {
      request.resolve({ ...outcome, balanceCents: balanceBefore(outcome) });
    } else {
      repeated.push(request);
    }
  }
  await eachAlone(db, repeated);
}

/** One after another, each on the single-request statement (never two charges of one balance at once). */
async function eachAlone(db: Db, requests: readonly Waiting[]): Promise<void> {
  for (const request of requests) await settle(request, () => deliverByCodes(db, request.input));
}

// The balance the request met, in the order the statement charged them (read only for a refusal,
// which deliverTogether never answers finally).
function balanceBefore(outcome: TogetherOutcome): number {
  return outcome.balanceAfterCents === null ? 0 : outcome.balanceAfterCents + (outcome.amountCents ?? 0);
}

// SQLSTATE 40001 (serialization_failure) and 40P01 (deadlock_detected): the transaction was rolled back.
function isRolledBackConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
