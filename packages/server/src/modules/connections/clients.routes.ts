import {
  ClientIdParams,
  ClientListQuery,
  CreateClientRequest,
  CreatedSystemClient,
  OrgClientListQuery,
  RevokeClientRequest,
  SystemClient,
  SystemClientList,
  staffRoles,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { organisationOf, userOf } from '../identity/caller';
import { createSystemClient, credentialRules, readSystemClients, revokeClient } from './clients.service';
import { refuseInvalidBody } from './input-validation';

const orgTags = ['Organisation system clients'];
const adminTags = ['System clients (PMLP)'];

/**
 * System clients (API §2): an organisation's contact person registers and revokes its own; PMLP
 * administrators see and may revoke any.
 */
export function registerClientRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerOrganisationClientRoutes(app, ctx);
  registerAdminClientRoutes(app, ctx);
}

function registerOrganisationClientRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const contactPerson = userAuthentication(ctx, ['contactPerson']);
  app.post(
    '/api/v1/org/clients',
    {
      schema: {
        tags: orgTags,
        summary: 'Register a system client',
        description:
          'A machine credential for one environment: a public JWK (EC P-256 for ES256 or OKP Ed25519 ' +
          'for EdDSA; never a private key) for `private_key_jwt`, or `generateSecret: true` for ' +
          '`client_secret_basic` — the secret is answered once and kept only as a hash. The ' +
          'organisation needs a connection in that environment.',
        body: CreateClientRequest,
        response: { 201: CreatedSystemClient },
      },
      onRequest: contactPerson,
      attachValidation: true,
    },
    async (request, reply) => {
      refuseInvalidBody(request, credentialRules);
      const caller = userOf(request);
      const created = await createSystemClient(ctx, caller, organisationOf(caller), request.body);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );
  app.get(
    '/api/v1/org/clients',
    {
      schema: {
        tags: orgTags,
        summary: 'My organisation’s system clients',
        description: 'Newest first, revoked ones included.',
        querystring: OrgClientListQuery,
        response: { 200: SystemClientList },
      },
      onRequest: contactPerson,
    },
    async (request) => ({
      clients: await readSystemClients(ctx, {
        organisationId: organisationOf(userOf(request)),
        environment: request.query.environment,
      }),
    }),
  );
  app.post(
    '/api/v1/org/clients/:clientId/revoke',
    {
      schema: {
        tags: orgTags,
        summary: 'Revoke a system client',
        description: 'Final; its tokens stop working at once.',
        params: ClientIdParams,
        body: RevokeClientRequest,
        response: { 200: SystemClient },
      },
      onRequest: contactPerson,
    },
    async (request) => {
      const caller = userOf(request);
      return revokeClient(ctx, caller, request.params.clientId, request.body.reason, organisationOf(caller));
    },
  );
}

function registerAdminClientRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/admin/clients',
    {
      schema: {
        tags: adminTags,
        summary: 'List system clients',
        description: 'Every organisation’s clients, or one organisation’s, newest first.',
        querystring: ClientListQuery,
        response: { 200: SystemClientList },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => ({ clients: await readSystemClients(ctx, request.query) }),
  );
  app.post(
    '/api/v1/admin/clients/:clientId/revoke',
    {
      schema: {
        tags: adminTags,
        summary: 'Revoke any system client',
        description: 'A PMLP administrator’s revocation; final, effective at once.',
        params: ClientIdParams,
        body: RevokeClientRequest,
        response: { 200: SystemClient },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request) => revokeClient(ctx, userOf(request), request.params.clientId, request.body.reason, null),
  );
}
