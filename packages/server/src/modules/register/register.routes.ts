import { createHash, timingSafeEqual } from 'node:crypto';
import {
  LifeEventInput,
  PersonHistoryResponse,
  PersonLookupRequest,
  RecordLifeEventResponse,
} from '@fpr/contract';
import type { FastifyRequest } from 'fastify';
import type { AppContext, FastifyTypebox } from '../../app';
import { problem } from '../../http/problem';
import { recordLifeEvent } from './register.service';
import { readPersonHistory } from './register-read.service';

const tags = ['Registrar (PMLP)'];

/**
 * The registrar API: PMLP records life events and reads a person's full record and history.
 * Until registrar users exist it is guarded by the bootstrap secret from the configuration.
 */
export function registerRegisterRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/admin/register/events',
    {
      schema: {
        tags,
        summary: 'Record a life event',
        description:
          'Records one life event as one transaction; refused with 409 when it contradicts the register.',
        security: [{ bearerAuth: [] }],
        body: LifeEventInput,
        response: { 201: RecordLifeEventResponse },
      },
      preHandler: async (request) => requireRegistrar(ctx, request),
    },
    async (request, reply) => {
      const changes = await recordLifeEvent(
        { db: ctx.db, now: ctx.now, actor: 'bootstrap-administrator', onCommitted: ctx.onRegisterCommitted },
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
        security: [{ bearerAuth: [] }],
        body: PersonLookupRequest,
        response: { 200: PersonHistoryResponse },
      },
      preHandler: async (request) => requireRegistrar(ctx, request),
    },
    async (request) => readPersonHistory(ctx, request.body),
  );
}

/** Compares digests, so neither the length nor the content of the secret leaks through timing. */
function requireRegistrar(ctx: AppContext, request: FastifyRequest): void {
  const secret = ctx.config.adminBootstrapSecret;
  if (!secret) throw problem('forbidden', { detail: 'The registrar API is not enabled on this server.' });
  const header = request.headers.authorization ?? '';
  const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(presented), digest(secret))) {
    throw problem('authentication', { detail: 'Missing or wrong credentials.' });
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
