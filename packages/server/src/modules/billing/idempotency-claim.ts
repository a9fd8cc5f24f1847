import type { FastifyRequest } from 'fastify';
import { pathOf } from '../../http/request-path';
import { requestFingerprint } from './idempotency-key';

/** An Idempotency-Key (if the request sent one) with the fingerprint of the request it came with. */
export interface IdempotencyClaim {
  key: string | undefined;
  fingerprint: string;
}

/** The request's Idempotency-Key, bound to its method, path and body (API §1). */
export function idempotencyClaimOf(request: FastifyRequest): IdempotencyClaim {
  const key = request.headers['idempotency-key'];
  return {
    key: typeof key === 'string' ? key : undefined,
    fingerprint: requestFingerprint({
      method: request.method,
      path: pathOf(request.url),
      body: request.body,
    }),
  };
}
