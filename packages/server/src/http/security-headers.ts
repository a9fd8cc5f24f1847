import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config';
import { pathOf } from './request-path';

/**
 * The Content-Security-Policy of every answer (the web app's pages above all). The built app has
 * no inline script and no inline style element; React's `style` props are set through the CSSOM,
 * which CSP does not govern, so neither scripts nor styles need 'unsafe-inline'.
 */
export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Paths whose answers may carry personal data or secrets: never stored by a browser or a proxy. */
const privatePrefixes = ['/api/v1/', '/oauth/'];

/**
 * Security headers on every answer (helmet), and `Cache-Control: no-store` on API answers that did
 * not choose their own. Strict-Transport-Security only when the public address is `https://`: the
 * server itself speaks plain HTTP behind a TLS proxy, and pinning HTTPS on a plain-HTTP host
 * (`npm start` on localhost) would lock browsers out of it.
 *
 * helmet's middleware is built once here. The Fastify plugin built it again for every request —
 * parsing the policy each time, about 10 µs and 7 kB of garbage a request against 0.5 µs — although
 * the headers never change (no per-request nonces: the app has no inline scripts or styles).
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  config: Pick<Config, 'publicBaseUrl'>,
): Promise<void> {
  const isTls = config.publicBaseUrl.startsWith('https://');
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    strictTransportSecurity: isTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    // helmet only sets headers, but an error it reported would end the request, not be dropped.
    setSecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request.url);
    if (privatePrefixes.some((prefix) => path.startsWith(prefix)) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
