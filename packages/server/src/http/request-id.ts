import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const requestIdHeader = 'x-request-id';

/** Long enough to be unique, short and plain enough to be safe in logs and headers. */
const validRequestId = /^[A-Za-z0-9._-]{8,100}$/;

export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && validRequestId.test(value);
}

/**
 * Fastify's `genReqId`: the client's id when it is a valid one (so both sides can correlate logs),
 * otherwise a fresh UUID. Fastify's own `requestIdHeader` option would trust any value, so it stays
 * off and the header is read here instead.
 */
export function generateRequestId(request: IncomingMessage): string {
  const sent = request.headers[requestIdHeader];
  return isValidRequestId(sent) ? sent : randomUUID();
}

/** Every response, errors and 404s included, names its request. */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
}
