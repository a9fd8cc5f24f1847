import {
  LifeEventInput,
  PersonHistoryResponse,
  PersonLookupRequest,
  RecordLifeEventResponse,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { userOf } from '../identity/caller';
import { recordLifeEvent } from './register.service';
import { readPersonHistory } from './register-read.service';

const tags = ['Registrar (PMLP)'];

/**
 * The registrar API: PMLP registrars record life events and read a person's full record and history.
 */
export function registerRegisterRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const registrar = userAuthentication(ctx, ['registrar']);
  app.post(
    '/api/v1/admin/register/events',
    {
      schema: {
        tags,
        summary: 'Record a life event',
        description:
          'Records one life event, all or nothing (events recorded at the same moment may share a commit); refused with 409 when it contradicts the register.',
        security: [{ sessionCookie: [] }],
        body: LifeEventInput,
        response: { 201: RecordLifeEventResponse },
      },
      onRequest: registrar,
    },
    async (request, reply) => {
      const changes = await recordLifeEvent(
        {
          db: ctx.db,
          now: ctx.now,
          actor: userOf(request).username,
          onCommitted: ctx.onRegisterCommitted,
          together: ctx.lifeEvents,
        },
        request.body,
      );
      return reply.code(201).send({ changes });
    },
  );
  app.post(
    '/api/v1/admin/register/persons/lookup',
    {
      schema: {
        tags,
        summary: 'Read a person’s full record and history',
        description: 'The current or a past version of a person with every version and change event.',
        security: [{ sessionCookie: [] }],
        body: PersonLookupRequest,
        response: { 200: PersonHistoryResponse },
      },
      onRequest: registrar,
    },
    async (request) => readPersonHistory(ctx, request.body),
  );
}
