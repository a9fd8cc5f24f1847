import type { FastifyInstance } from 'fastify';
import { problem } from './problem';
import { pathOf } from './request-path';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Media types a route answers besides JSON (`application/pdf`); its errors stay problem+json. */
    produces?: readonly string[];
  }
}

/** Media ranges whose acceptance means the client can read a JSON or problem+json answer. */
const jsonRanges = new Set(['*/*', 'application/*', 'application/json', 'application/problem+json']);

/**
 * True unless the `Accept` header rules JSON out. A missing or empty header accepts anything;
 * a range with `q=0` is an explicit refusal.
 */
export function acceptsJson(accept: string | undefined): boolean {
  return acceptsAnyRange(accept, jsonRanges);
}

/** True unless the `Accept` header rules out this media type (`application/pdf`). */
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  const [type = ''] = mediaType.split('/');
  return acceptsAnyRange(accept, new Set(['*/*', `${type}/*`, mediaType]));
}

function acceptsAnyRange(accept: string | undefined, ranges: ReadonlySet<string>): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    return ranges.has(mediaType) && !parameters.some((parameter) => /^q=0(\.0{0,3})?$/.test(parameter));
  });
}

/** Paths that answer JSON only; the docs UI serves HTML and scripts, the web app HTML. */
export function isJsonOnlyPath(path: string): boolean {
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return false;
  return path.startsWith('/api/') || path.startsWith('/health/');
}

/**
 * Refuses, before any work is done, a request to the JSON API whose client cannot read JSON nor
 * any other media type the route declares in `config.produces`.
 */
export function registerContentNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!isJsonOnlyPath(pathOf(request.url))) return;
    const { accept } = request.headers;
    if (acceptsJson(accept)) return;
    const produces = request.routeOptions.config?.produces ?? [];
    if (!produces.some((mediaType) => acceptsMediaType(accept, mediaType))) throw problem('notAcceptable');
  });
}
