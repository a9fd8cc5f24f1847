import type { FastifyInstance } from 'fastify';
import { pathOf } from './request-path';

/**
 * One log line per request, when it completes (Fastify's default writes two: on arrival and on
 * completion). The path only — never the query string — and personal codes never travel in URLs.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: pathOf(request.url),
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
}
