import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fastifyStatic } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from './request-path';

/** Paths the web app must never answer: their unknown routes stay problem+json 404s. */
const serverPrefixes = ['/api', '/oauth', '/health', '/metrics'];

const indexFile = 'index.html';

/** The built web app (a folder with `index.html` and hashed assets), served on the API's port. */
export interface WebApp {
  root: string;
}

export function isServerPath(path: string): boolean {
  return serverPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built files, one route per file (so an unknown path still reaches the not-found
 * handler), hashed assets cached for a year and `index.html` revalidated on every load.
 */
export async function registerWebApp(app: FastifyInstance, web: WebApp): Promise<void> {
  if (!existsSync(join(web.root, indexFile)))
    throw new Error('The web app is not built: its index.html is missing');
  await app.register(fastifyStatic, {
    root: web.root,
    wildcard: false,
    globIgnore: ['.vite/**', '.build-fingerprint'],
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const isHashedAsset = filePath.startsWith(join(web.root, 'assets'));
      reply.header('cache-control', isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/**
 * The single-page app's own paths (`/pdp`, `/login`…) have no file: a browser asking for a page
 * gets `index.html` and the app routes. Server paths and non-page requests are not answered here.
 */
export function answersWithWebApp(request: FastifyRequest, web: WebApp | undefined): web is WebApp {
  if (web === undefined) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (isServerPath(pathOf(request.url))) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

export function sendWebApp(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile(indexFile);
}
