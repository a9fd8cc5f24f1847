import {
  ActivateConnectionRequest,
  Connection,
  ConnectionIdParams,
  ConnectionList,
  ConnectionListQuery,
  ConnectionReasonRequest,
  ConnectionWithHistory,
  CreateConnectionRequest,
  OrganisationIdParams,
  staffRoles,
  UpdateConnectionRequest,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { organisationOf, userOf } from '../identity/caller';
import {
  changeConnectionSettings,
  createConnection,
  readConnections,
  readConnectionWithHistory,
  settingsRules,
  stepConnection,
} from './connections.service';
import { allowListRules, refuseInvalidBody } from './input-validation';

const adminTags = ['Connections (PMLP)'];

/**
 * Connections per environment (DOMAIN §3 step 4): PMLP administrators configure, activate, suspend
 * and restore them; an organisation's contact person sees its own.
 */
export function registerConnectionRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerAdminConnectionRoutes(app, ctx);
  registerConnectionStepRoutes(app, ctx);
  app.get(
    '/api/v1/org/connections',
    {
      schema: {
        tags: ['Organisation connections'],
        summary: 'My organisation’s connections',
        description: 'The connections of the caller’s organisation, one per environment.',
        response: { 200: ConnectionList },
      },
      onRequest: userAuthentication(ctx, ['contactPerson']),
    },
    async (request) => ({ connections: await readConnections(ctx, organisationOf(userOf(request))) }),
  );
}

function registerAdminConnectionRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const administrator = userAuthentication(ctx, ['administrator']);
  app.post(
    '/api/v1/admin/organisations/:organisationId/connections',
    {
      schema: {
        tags: adminTags,
        summary: 'Configure a connection',
        description:
          'Creates the organisation’s connection of one environment, `configured`; one per environment.',
        params: OrganisationIdParams,
        body: CreateConnectionRequest,
        response: { 201: Connection },
      },
      onRequest: administrator,
      attachValidation: true,
    },
    async (request, reply) => {
      refuseInvalidBody(request, allowListRules);
      const created = await createConnection(
        ctx,
        userOf(request),
        request.params.organisationId,
        request.body,
      );
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/api/v1/admin/connections',
    {
      schema: {
        tags: adminTags,
        summary: 'List connections',
        description: 'Every connection, or one organisation’s.',
        querystring: ConnectionListQuery,
        response: { 200: ConnectionList },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => ({ connections: await readConnections(ctx, request.query.organisationId) }),
  );
  app.get(
    '/api/v1/admin/connections/:connectionId',
    {
      schema: {
        tags: adminTags,
        summary: 'Read a connection with its history',
        description: 'The connection and every step and settings change: who, when and why.',
        params: ConnectionIdParams,
        response: { 200: ConnectionWithHistory },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => readConnectionWithHistory(ctx, request.params.connectionId),
  );
  app.patch(
    '/api/v1/admin/connections/:connectionId',
    {
      schema: {
        tags: adminTags,
        summary: 'Change a connection’s settings',
        description: 'The IP allow-list or the rate limit; takes effect at once on every server.',
        params: ConnectionIdParams,
        body: UpdateConnectionRequest,
        response: { 200: Connection },
      },
      onRequest: administrator,
      attachValidation: true,
    },
    async (request) => {
      refuseInvalidBody(request, settingsRules);
      return changeConnectionSettings(ctx, userOf(request), request.params.connectionId, request.body);
    },
  );
}

function registerConnectionStepRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const administrator = userAuthentication(ctx, ['administrator']);
  app.post(
    '/api/v1/admin/connections/:connectionId/activate',
    {
      schema: {
        tags: adminTags,
        summary: 'Activate a connection',
        description: '`configured → active`: its system clients may obtain tokens, its PDP users work.',
        params: ConnectionIdParams,
        body: ActivateConnectionRequest,
        response: { 200: Connection },
      },
      onRequest: administrator,
    },
    async (request) =>
      stepConnection(
        ctx,
        userOf(request),
        request.params.connectionId,
        'activate',
        request.body.reason ?? null,
      ),
  );
  app.post(
    '/api/v1/admin/connections/:connectionId/suspend',
    {
      schema: {
        tags: adminTags,
        summary: 'Suspend a connection',
        description:
          '`active → suspended`: every token and PDP session of the connection fails at once with ' +
          '`403 connectionSuspended`.',
        params: ConnectionIdParams,
        body: ConnectionReasonRequest,
        response: { 200: Connection },
      },
      onRequest: administrator,
    },
    async (request) =>
      stepConnection(ctx, userOf(request), request.params.connectionId, 'suspend', request.body.reason),
  );
  app.post(
    '/api/v1/admin/connections/:connectionId/restore',
    {
      schema: {
        tags: adminTags,
        summary: 'Restore a suspended connection',
        description: '`suspended → active`, a PMLP decision recorded with its reason.',
        params: ConnectionIdParams,
        body: ConnectionReasonRequest,
        response: { 200: Connection },
      },
      onRequest: administrator,
    },
    async (request) =>
      stepConnection(ctx, userOf(request), request.params.connectionId, 'restore', request.body.reason),
  );
}
