import {
  CreateUserRequest,
  IssuedCredentials,
  OrganisationIdParams,
  ReasonRequest,
  UserAccount,
  UserAccountList,
  UserIdParams,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { readOrganisation } from '../organisations/organisations.service';
import { userAuthentication } from './authenticate';
import { organisationOf, userOf } from './caller';
import { createUser, listAccounts, resetPassword, resetTotp, unblockUser } from './users.service';

const adminTags = ['Users (PMLP)'];
const orgTags = ['Organisation users'];

/**
 * Accounts of people. A PMLP administrator manages everyone; an organisation's contact person
 * manages the people of their own organisation (create, unblock, reset the authenticator).
 */
export function registerUserRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerAdminUserRoutes(app, ctx);
  registerOrganisationUserRoutes(app, ctx);
}

function registerAdminUserRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const administrator = userAuthentication(ctx, ['administrator']);
  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags: adminTags,
        summary: 'List PMLP staff',
        description: 'PMLP staff accounts.',
        response: { 200: UserAccountList },
      },
      onRequest: administrator,
    },
    async (request) => ({ users: await listAccounts(ctx, userOf(request), null) }),
  );
  app.post(
    '/api/v1/admin/users',
    {
      schema: {
        tags: adminTags,
        summary: 'Create a PMLP staff account',
        description: 'Answers the initial password and the TOTP enrolment once.',
        body: CreateUserRequest,
        response: { 201: IssuedCredentials },
      },
      onRequest: administrator,
    },
    async (request, reply) =>
      reply.code(201).send(await createUser(ctx, userOf(request), null, request.body)),
  );
  app.get(
    '/api/v1/admin/organisations/:organisationId/users',
    {
      schema: {
        tags: adminTags,
        summary: 'List an organisation’s people',
        description: 'Contact persons and PDP users of one organisation.',
        params: OrganisationIdParams,
        response: { 200: UserAccountList },
      },
      onRequest: administrator,
    },
    async (request) => {
      await readOrganisation(ctx, request.params.organisationId);
      return { users: await listAccounts(ctx, userOf(request), request.params.organisationId) };
    },
  );
  app.post(
    '/api/v1/admin/organisations/:organisationId/users',
    {
      schema: {
        tags: adminTags,
        summary: 'Create an account for an organisation',
        description:
          'Typically the first contact person; answers the initial password and TOTP enrolment once.',
        params: OrganisationIdParams,
        body: CreateUserRequest,
        response: { 201: IssuedCredentials },
      },
      onRequest: administrator,
    },
    async (request, reply) => {
      await readOrganisation(ctx, request.params.organisationId);
      return reply
        .code(201)
        .send(await createUser(ctx, userOf(request), request.params.organisationId, request.body));
    },
  );
  registerAccountActions(app, ctx, '/api/v1/admin/users', adminTags, ['administrator']);
  app.post(
    '/api/v1/admin/users/:userId/reset-password',
    {
      schema: {
        tags: adminTags,
        summary: 'Reset a password',
        description: 'A new generated password, answered once; the user’s sessions end.',
        params: UserIdParams,
        body: ReasonRequest,
        response: { 200: IssuedCredentials },
      },
      onRequest: administrator,
    },
    async (request) => resetPassword(ctx, userOf(request), request.params.userId, request.body.reason),
  );
}

function registerOrganisationUserRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const contactPerson = userAuthentication(ctx, ['contactPerson']);
  app.get(
    '/api/v1/org/users',
    {
      schema: {
        tags: orgTags,
        summary: 'List our people',
        description: 'Contact persons and PDP users of my organisation.',
        response: { 200: UserAccountList },
      },
      onRequest: contactPerson,
    },
    async (request) => {
      const actor = userOf(request);
      return { users: await listAccounts(ctx, actor, organisationOf(actor)) };
    },
  );
  app.post(
    '/api/v1/org/users',
    {
      schema: {
        tags: orgTags,
        summary: 'Create an account for one of our people',
        description:
          'A contact person or a PDP user (who works in one environment); answers credentials once.',
        body: CreateUserRequest,
        response: { 201: IssuedCredentials },
      },
      onRequest: contactPerson,
    },
    async (request, reply) => {
      const actor = userOf(request);
      return reply.code(201).send(await createUser(ctx, actor, organisationOf(actor), request.body));
    },
  );
  registerAccountActions(app, ctx, '/api/v1/org/users', orgTags, ['contactPerson']);
}

/** Unblock and TOTP reset exist on both sides; the service decides whose accounts the actor may touch. */
function registerAccountActions(
  app: FastifyTypebox,
  ctx: AppContext,
  base: string,
  tags: string[],
  roles: ['administrator'] | ['contactPerson'],
): void {
  const guard = userAuthentication(ctx, roles);
  app.post(
    `${base}/:userId/unblock`,
    {
      schema: {
        tags,
        summary: 'Unblock a locked account',
        description: 'Recorded with who, when and why.',
        params: UserIdParams,
        body: ReasonRequest,
        response: { 200: UserAccount },
      },
      onRequest: guard,
    },
    async (request) => unblockUser(ctx, userOf(request), request.params.userId, request.body.reason),
  );
  app.post(
    `${base}/:userId/reset-totp`,
    {
      schema: {
        tags,
        summary: 'Reset the authenticator',
        description: 'A new TOTP secret, answered once; the user’s sessions end.',
        params: UserIdParams,
        body: ReasonRequest,
        response: { 200: IssuedCredentials },
      },
      onRequest: guard,
    },
    async (request) => resetTotp(ctx, userOf(request), request.params.userId, request.body.reason),
  );
}
