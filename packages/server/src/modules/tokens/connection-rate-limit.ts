import { fastifyRateLimit } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../../http/problem';
import type { ConnectionState } from './access-state';

/**
 * The rate limit per client, configured per connection (issue 4 item 5, THREATS: denial of
 * service): each system client of a connection gets the connection's budget of calls per minute,
 * across all bearer-authenticated routes, so one busy system cannot starve its siblings. Counted in
 * this process; several servers behind a balancer each allow the budget.
 */

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const windowMs = 60_000;
/** The connection each authenticated request counts against, for the limiter's callbacks. */
const connectionOfRequest = new WeakMap<FastifyRequest, ConnectionState>();
/** One limiter (one counter store) per application, shared by its routes. */
const limiters = new WeakMap<object, Limiter>();

/** Registers the plugin without global limits: only `connectionRateLimit` uses it. */
export async function registerRateLimiting(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
}

export async function connectionRateLimit(
  owner: object,
  request: FastifyRequest,
  reply: FastifyReply,
  connection: ConnectionState,
): Promise<void> {
  connectionOfRequest.set(request, connection);
  const outcome = await limiterFor(owner, request)(request);
  if (outcome.isAllowed) return;
  reply.header('x-ratelimit-limit', String(outcome.max));
  reply.header('x-ratelimit-remaining', String(outcome.remaining));
  reply.header('x-ratelimit-reset', String(outcome.ttlInSeconds));
  if (outcome.isExceeded) {
    throw problem('tooManyRequests', {
      detail: `The connection allows ${outcome.max} calls per minute.`,
      retryAfterSeconds: outcome.ttlInSeconds,
    });
  }
}

function limiterFor(owner: object, request: FastifyRequest): Limiter {
  const existing = limiters.get(owner);
  if (existing) return existing;
  const limiter = request.server.createRateLimit({
    keyGenerator: (req) => `client:${req.caller?.kind === 'client' ? req.caller.clientId : 'none'}`,
    max: (req) => connectionOfRequest.get(req)?.rateLimitPerMinute ?? 1,
    timeWindow: windowMs,
  });
  limiters.set(owner, limiter);
  return limiter;
}
