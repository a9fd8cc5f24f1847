import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Person deliveries by code per delivery statement: how well concurrent queries go together. */
  deliveriesPerStatement: Histogram;
  /** Life events per register turn: how well concurrent registrars' events go together. */
  lifeEventsPerTurn: Histogram;
}

/** Label for requests no route matched: raw URLs would explode the label set (and may hold data). */
export const unmatchedRoute = 'unmatched';

/**
 * One registry per app instance, never prom-client's global one: tests build many apps in one
 * process and each must start from zero.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deliveriesPerStatement = new Histogram({
    name: 'fpr_person_deliveries_per_statement',
    help: 'Person queries by code delivered (read, charged, audited, committed) per delivery statement',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const lifeEventsPerTurn = new Histogram({
    name: 'fpr_life_events_per_turn',
    help: 'Life events read, planned and written (one statement, one commit) per register turn',
    buckets: [1, 2, 4, 8, 16, 32],
    registers: [registry],
  });
  return { registry, httpRequestDuration, deliveriesPerStatement, lifeEventsPerTurn };
}

/** Times every request under its route pattern (`/api/v1/things/:id`), never the concrete URL. */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? unmatchedRoute,
      status_code: reply.statusCode,
    };
    metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** `GET /metrics` in the Prometheus text format; kept out of the API document. */
export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}
