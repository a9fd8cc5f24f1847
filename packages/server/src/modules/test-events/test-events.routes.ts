import { TestEventRequest, TestEventResponse } from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { problem } from '../../http/problem';
import { type Caller, callerOf } from '../identity/caller';
import { callerAuthentication } from '../tokens/client-authentication';
import { recordTestEvent } from './test-events.service';

/**
 * Test-environment extras (API §6): requesters drive life events on the synthetic test register to
 * exercise monitoring end to end. Any holder of test-environment credentials may: a system client
 * with a test token, or the organisation's contact person while its test connection is active. A
 * monitoring purpose is not required, since the persons query benefits from changed test persons too.
 */
export function registerTestEventRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/test/events',
    {
      schema: {
        tags: ['Test environment'],
        summary: 'Record a life event on a test person',
        description:
          'Records one life event (DOMAIN §4 types) on a person of the synthetic test register; the ' +
          'details the body omits are generated. Answers the feed position (`sequence`) of the named ' +
          'person’s change event, already sealed, and of every other person the event changed. ' +
          'Refused in production with 403 environmentMismatch.',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        body: TestEventRequest,
        response: { 201: TestEventResponse },
      },
      onRequest: callerAuthentication(ctx, { roles: ['contactPerson'] }),
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await requireTestEnvironment(ctx, caller);
      const answer = await recordTestEvent(ctx, actorOf(caller), request.body);
      return reply.code(201).send(answer);
    },
  );
}

async function requireTestEnvironment(ctx: AppContext, caller: Caller): Promise<void> {
  if (caller.kind === 'client') {
    if (caller.environment !== 'test') throw mismatch();
    return;
  }
  if (caller.organisationId === null)
    throw problem('forbidden', { detail: 'Only organisation users may do this.' });
  const connection = await ctx.accessState.connectionFor(caller.organisationId, 'test');
  if (connection?.status !== 'active') throw mismatch();
}

function mismatch() {
  return problem('environmentMismatch', {
    detail: 'Test events need test-environment credentials (an active test connection).',
  });
}

/** Recorded with every change event, so the register shows who drove it. */
function actorOf(caller: Caller): string {
  return caller.kind === 'client' ? `test-api:${caller.clientId}` : `test-api:user:${caller.username}`;
}
