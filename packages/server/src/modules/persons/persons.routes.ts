import { PersonsQueryRequest, PersonsQueryResponse } from '@fpr/contract';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { sendJsonText } from '../../http/json-text';
import { problem } from '../../http/problem';
import { requestFingerprint } from '../billing/idempotency-key';
import { type Caller, callerOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import { createDeliveryQueue } from './delivery-queue';
import type { VersionedPurpose } from './persons.repository';
import { queryPersons } from './persons.service';

const QueryHeaders = Type.Object({
  'x-end-user': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The person working in the requester’s system',
    }),
  ),
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'A retry with the same key and body is answered once',
    }),
  ),
});

/** The persons query (API §4) for system clients (channel `api`) and PDP users (channel `pdp`). */
export function registerPersonsRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const persons = {
    db: ctx.db,
    now: ctx.now,
    purposes: new Map<string, VersionedPurpose>(),
    deliverCodes: createDeliveryQueue(ctx.db, {
      onStatement: (requests) => ctx.metrics.deliveriesPerStatement.observe(requests),
    }),
  };
  app.post(
    '/api/v1/persons/query',
    {
      schema: {
        tags: ['Persons'],
        summary: 'Query persons',
        description:
          'By personal code (1–100), by surname and birth date (at most 10 matches) or by address (at most 30). ' +
          'Answers exactly the requested fields inside the purpose; the state fee is charged and every ' +
          'delivered person audited in the same transaction.',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        headers: QueryHeaders,
        body: PersonsQueryRequest,
        response: { 200: PersonsQueryResponse },
      },
      onRequest: callerAuthentication(ctx, { roles: ['pdpUser'] }),
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const answer = await queryPersons(
        persons,
        { caller, ...where(caller), requestId: request.id, endUser: request.headers['x-end-user'] },
        request.body,
        {
          key: request.headers['idempotency-key'],
          fingerprint: () =>
            requestFingerprint({ method: request.method, path: request.url, body: request.body }),
        },
      );
      if (typeof answer !== 'string') return answer;
      return sendJsonText(reply, answer);
    },
  );
}

/** The organisation and environment a call works in: a token's, or a PDP user's. */
function where(caller: Caller) {
  if (caller.kind === 'client')
    return { organisationId: caller.organisationId, environment: caller.environment };
  if (caller.organisationId === null || caller.environment === null) {
    throw problem('forbidden', { detail: 'Only PDP users query persons.' });
  }
  return { organisationId: caller.organisationId, environment: caller.environment };
}
