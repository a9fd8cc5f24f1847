import { fastifyFormbody } from '@fastify/formbody';
import { TokenRequest, TokenResponse } from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { addressRateLimit } from '../../http/address-rate-limit';
import { problem } from '../../http/problem';
import { issueAccessToken } from './token.service';

const formMediaType = 'application/x-www-form-urlencoded';

/**
 * `POST /oauth/token` (API §2). OAuth requires a form-encoded body, so the form parser is registered
 * in this route's own scope only: the JSON API keeps refusing anything but JSON.
 */
export function registerTokenRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.register(async (scope: FastifyTypebox) => {
    await scope.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
    scope.removeContentTypeParser('application/json');
    scope.post(
      '/oauth/token',
      {
        schema: {
          tags: ['Authentication'],
          summary: 'Obtain an access token',
          description:
            'OAuth 2.0 client credentials, form-encoded. Authenticate with `private_key_jwt` ' +
            '(client_assertion_type and client_assertion: a JWT signed with the client’s ES256 or EdDSA ' +
            'key, iss = sub = client_id, aud = this URL, a unique jti, exp at most 5 minutes ahead) or ' +
            'with `client_secret_basic`. The token lives at most 5 minutes and is bound to the ' +
            'organisation, environment and connection of the client. One client address may ask ' +
            `${ctx.config.tokenRequestsPerIpPerMinute} times a minute (429 with Retry-After beyond).`,
          consumes: [formMediaType],
          body: TokenRequest,
          response: { 200: TokenResponse },
        },
        onRequest: [
          addressRateLimit('token', ctx.config.tokenRequestsPerIpPerMinute, 'ask for a token'),
          async (request) => {
            if (!request.headers['content-type']?.toLowerCase().startsWith(formMediaType))
              throw problem('unsupportedMediaType', {
                detail: `The token request must be ${formMediaType}.`,
              });
          },
        ],
      },
      async (request, reply) => {
        const answer = await issueAccessToken(ctx, {
          form: request.body,
          authorization: request.headers.authorization,
          ip: request.ip,
        });
        // RFC 6749 §5.1: a token must not be cached on the way.
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
      },
    );
  });
}
