import { ChangePasswordRequest, LoginRequest, LoginResponse, userRoles } from '@fpr/contract';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { addressRateLimit } from '../../http/address-rate-limit';
import {
  clearSessionCookies,
  sessionCredentials,
  setSessionCookies,
  userAuthentication,
} from './authenticate';
import { userOf } from './caller';
import { logIn, logOut } from './login.service';
import { changeOwnPassword } from './users.service';

const tags = ['Authentication'];

/** Log-in and log-out of people (API §2); system clients use `/oauth/token` instead. */
export function registerAuthRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const isSecure = ctx.config.publicBaseUrl.startsWith('https:');
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in',
        description:
          'Password and TOTP code; sets an HTTP-only SameSite=Strict session cookie. Five consecutive failures lock the account. ' +
          `One client address may try ${ctx.config.loginAttemptsPerIpPerMinute} times a minute (429 with Retry-After beyond).`,
        body: LoginRequest,
        response: { 200: LoginResponse },
      },
      onRequest: addressRateLimit('login', ctx.config.loginAttemptsPerIpPerMinute, 'try to log in'),
    },
    async (request, reply) => {
      const { response, sessionToken } = await logIn(ctx, request.body);
      setSessionCookies(reply, { sessionToken, csrfToken: response.csrfToken, isSecure });
      return response;
    },
  );
  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Log out',
        description: 'Ends the session of the cookie.',
        response: { 204: Type.Null() },
      },
      onRequest: userAuthentication(ctx, userRoles),
    },
    async (request, reply) => {
      const { sessionToken } = sessionCredentials(request);
      if (sessionToken) await logOut(ctx, sessionToken);
      clearSessionCookies(reply, isSecure);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password',
        description: 'Needs the current password; other sessions of the account end.',
        body: ChangePasswordRequest,
        response: { 204: Type.Null() },
      },
      onRequest: userAuthentication(ctx, userRoles),
    },
    async (request, reply) => {
      await changeOwnPassword(ctx, userOf(request), request.body);
      return reply.code(204).send(null);
    },
  );
}
