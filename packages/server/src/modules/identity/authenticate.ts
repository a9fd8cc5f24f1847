import type { UserRole } from '@fpr/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app';
import { authenticateSession } from './session.service';
import { sessionPolicy } from './session-policy';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An `onRequest` hook admitting logged-in people of the given roles. It runs before body
 * validation, so an anonymous caller learns nothing about the route's input rules.
 */
export function userAuthentication(ctx: AppContext, roles: readonly UserRole[]) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = await authenticateSession(ctx, sessionCredentials(request), roles);
  };
}

export function sessionCredentials(request: FastifyRequest) {
  const csrfHeader = request.headers[sessionPolicy.csrfHeader];
  return {
    sessionToken: request.cookies[sessionPolicy.cookieName],
    csrfToken: typeof csrfHeader === 'string' ? csrfHeader : undefined,
    isStateChanging: !safeMethods.has(request.method),
  };
}

/** HTTP-only, `SameSite=Strict`; `Secure` whenever the service is reached over HTTPS. */
export function setSessionCookies(
  reply: FastifyReply,
  options: { sessionToken: string; csrfToken: string; isSecure: boolean },
): void {
  const common = { path: '/', sameSite: 'strict', secure: options.isSecure } as const;
  reply.setCookie(sessionPolicy.cookieName, options.sessionToken, { ...common, httpOnly: true });
  reply.setCookie(sessionPolicy.csrfCookieName, options.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, isSecure: boolean): void {
  const common = { path: '/', sameSite: 'strict', secure: isSecure } as const;
  reply.clearCookie(sessionPolicy.cookieName, { ...common, httpOnly: true });
  reply.clearCookie(sessionPolicy.csrfCookieName, common);
}
