import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from './problem';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** One limiter (one counter store) per server scope and name, made at the first request. */
const limiters = new WeakMap<object, Map<string, Limiter>>();

/**
 * An `onRequest` hook allowing one client address `perMinute` calls of the route (THREATS: password
 * guessing, denial of service): for the routes anybody may call before authenticating, where no
 * client or account exists yet to count against. It runs before the body is read, so a refused call
 * costs no parsing, no password hash and no failed attempt on an account. The address is the
 * connection's, or the client's named by a trusted proxy (`TRUST_PROXY`). Counted in this process.
 */
export function addressRateLimit(name: string, perMinute: number, action: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const outcome = await limiterFor(request.server, name, perMinute)(request);
    // `isAllowed` means exempt (an allow-list, which these limiters have none of), not "under the limit".
    if (outcome.isAllowed || !outcome.isExceeded) return;
    throw problem('tooManyRequests', {
      detail: `One address may ${action} ${outcome.max} times a minute.`,
      retryAfterSeconds: outcome.ttlInSeconds,
    });
  };
}

function limiterFor(server: FastifyInstance, name: string, perMinute: number): Limiter {
  const byName = limiters.get(server) ?? new Map<string, Limiter>();
  limiters.set(server, byName);
  const existing = byName.get(name);
  if (existing) return existing;
  const limiter = server.createRateLimit({
    keyGenerator: (request) => `${name}:${request.ip}`,
    max: perMinute,
    timeWindow: 60_000,
  });
  byName.set(name, limiter);
  return limiter;
}
