import type { FastifyInstance } from 'fastify';
import { problem } from './problem';
import { pathOf } from './request-path';

/** Media ranges whose acceptance means the client can read a JSON or problem+json answer. */
const jsonRanges = new Set(['*/*', 'application/*', 'application/json', 'application/problem+json']);

/**
 * True unless the `Accept` header rules JSON out. A missing or empty header accepts anything;
 * a range with `q=0` is an explicit refusal.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    return jsonRanges.has(mediaType) && !parameters.some((parameter) => /^q=0(\.0{0,3})?$/.test(parameter));
  });
}

/** Paths that answer JSON only; the docs UI serves HTML and scripts, the web app HTML. */
export function isJsonOnlyPath(path: string): boolean {
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return false;
  return path.startsWith('/api/') || path.startsWith('/health/');
}

/** Refuses, before any work is done, a request to the JSON API whose client cannot read JSON. */
export function registerContentNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!isJsonOnlyPath(pathOf(request.url))) return;
    if (!acceptsJson(request.headers.accept)) throw problem('notAcceptable');
  });
}
