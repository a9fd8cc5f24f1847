import type { FastifyInstance } from 'fastify';

interface IndexedRoute {
  method: string;
  pattern: RegExp;
}

/**
 * Remembers every route's method and path pattern so that a request Fastify could not route can be
 * told apart: a known path with the wrong method (405, with `Allow`) or an unknown path (404).
 */
export interface RouteIndex {
  allowedMethods: (path: string) => string[];
}

export function createRouteIndex(app: FastifyInstance): RouteIndex {
  const routes: IndexedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = patternOf(route.url);
    for (const method of methods) routes.push({ method, pattern });
  });
  return {
    allowedMethods: (path) => [
      ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
    ],
  };
}

/** A segment with a `:param` matches any one segment, `*` matches the rest of the path. */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((segment) => segmentPattern(segment))
    .join('/');
  return new RegExp(`^${body}$`);
}

function segmentPattern(segment: string): string {
  if (segment === '*') return '.*';
  if (segment.includes(':')) return '[^/]+';
  return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
