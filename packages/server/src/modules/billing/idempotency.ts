import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import {
  claimIdempotencyKey,
  deleteExpiredIdempotencyRecords,
  findIdempotencyRecord,
  storeIdempotentResponse,
} from './idempotency.repository';
import { idempotencyExpiry } from './idempotency-key';

export interface IdempotentResponse<T> {
  status: number;
  body: T;
}

/** The client's `Idempotency-Key` with its request's fingerprint; without a key the work simply runs. */
export type IdempotencyScope = {
  organisationId: string;
  /** The request time (default: now); a key lives 24 hours from its first use. */
  at?: Date;
} & (
  | { key: undefined }
  | { key: string /** `requestFingerprint(...)` of the request. */; fingerprint: string }
);

/**
 * Runs `run` at most once per key (API §1), inside the caller's transaction `trx`: the same key and
 * fingerprint return the stored answer (`isReplay`) without running again; another fingerprint is
 * `409 idempotencyKeyReused`. The answer is stored in the same transaction as the work, so it exists
 * exactly when the work committed; a refusal thrown by `run` rolls both back and the key stays free.
 * Call it first in a READ COMMITTED transaction (the default): a concurrent request with the same
 * key waits here for the first one to commit, then reads its answer, which only a fresh statement
 * snapshot can see.
 */
export async function withIdempotency<T>(
  trx: Db,
  scope: IdempotencyScope,
  run: () => Promise<IdempotentResponse<T>>,
): Promise<IdempotentResponse<T> & { isReplay: boolean }> {
  if (scope.key === undefined) return { ...(await run()), isReplay: false };
  const { organisationId, key, fingerprint } = scope;
  const at = scope.at ?? new Date();
  const claimed = await claimIdempotencyKey(trx, {
    organisationId,
    key,
    fingerprint,
    createdAt: at,
    expiredBefore: idempotencyExpiry(at),
  });
  if (!claimed)
    return { ...(await storedResponse<T>(trx, { organisationId, key, fingerprint })), isReplay: true };
  const response = await run();
  await storeIdempotentResponse(trx, {
    organisationId,
    key,
    status: response.status,
    body: json(response.body),
  });
  return { ...response, isReplay: false };
}

async function storedResponse<T>(
  trx: Db,
  claim: { organisationId: string; key: string; fingerprint: string },
): Promise<IdempotentResponse<T>> {
  const record = await findIdempotencyRecord(trx, claim.organisationId, claim.key);
  if (!record || record.fingerprint !== claim.fingerprint) {
    throw problem('idempotencyKeyReused', {
      detail: 'This Idempotency-Key was used with a different request; use a new key for a new request.',
    });
  }
  // Only the claiming transaction ever sees an empty answer; a committed record always has one.
  if (record.responseStatus === null) throw new Error('an idempotency record committed without its answer');
  // The stored JSON is the answer this code produced for the same request.
  return { status: record.responseStatus, body: record.responseBody as T };
}

function json(body: unknown): string {
  const text = JSON.stringify(body);
  if (text === undefined) throw new TypeError('an idempotent answer must be JSON');
  return text;
}

/** Deletes the records of keys older than 24 hours; run it from a periodic job. */
export async function expireIdempotencyKeys(ctx: { db: Db; now: () => Date }): Promise<number> {
  return deleteExpiredIdempotencyRecords(ctx.db, idempotencyExpiry(ctx.now()));
}
