import { Me } from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { callerOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import { readMe } from './me.service';

/** `GET /api/v1/me` (API §3): for a system client with a bearer token, or an organisation's person. */
export function registerMeRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['Me'],
        summary: 'What may I do?',
        description:
          'The caller’s organisation, environment and identity, the purposes it may use today (channel ' +
          '`api` for system clients, `pdp` for PDP users), the state fee per delivered person and the ' +
          'prepaid balance. Answers system clients (bearer token) and an organisation’s people; PMLP ' +
          'staff are refused.',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        response: { 200: Me },
      },
      onRequest: callerAuthentication(ctx, { roles: ['contactPerson', 'pdpUser'] }),
    },
    async (request) => readMe(ctx, callerOf(request)),
  );
}
