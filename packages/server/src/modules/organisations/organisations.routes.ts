import {
  CreateOrganisationRequest,
  FeeExemptionRequest,
  Organisation,
  OrganisationHistory,
  OrganisationIdParams,
  OrganisationList,
  staffRoles,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { organisationOf, userOf } from '../identity/caller';
import {
  changeFeeExemption,
  readOrganisation,
  readOrganisationHistory,
  readOrganisations,
  registerOrganisation,
} from './organisations.service';

const adminTags = ['Organisations (PMLP)'];

/** PMLP registers organisations and decides fee exemptions; an organisation reads its own record. */
export function registerOrganisationRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/admin/organisations',
    {
      schema: {
        tags: adminTags,
        summary: 'Register an organisation',
        description: 'A legal person identified by its registration number (checksum validated).',
        body: CreateOrganisationRequest,
        response: { 201: Organisation },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request, reply) =>
      reply.code(201).send(await registerOrganisation(ctx, userOf(request), request.body)),
  );
  app.get(
    '/api/v1/admin/organisations',
    {
      schema: {
        tags: adminTags,
        summary: 'List organisations',
        description: 'Every organisation, by name.',
        response: { 200: OrganisationList },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async () => ({ organisations: await readOrganisations(ctx) }),
  );
  app.get(
    '/api/v1/admin/organisations/:organisationId',
    {
      schema: {
        tags: adminTags,
        summary: 'Read an organisation',
        description: 'One organisation with its fee exemption.',
        params: OrganisationIdParams,
        response: { 200: Organisation },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => readOrganisation(ctx, request.params.organisationId),
  );
  app.get(
    '/api/v1/admin/organisations/:organisationId/history',
    {
      schema: {
        tags: adminTags,
        summary: 'Read an organisation’s history',
        description:
          'Its registration and every fee-exemption decision with who, when and why, oldest first.',
        params: OrganisationIdParams,
        response: { 200: OrganisationHistory },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => ({ events: await readOrganisationHistory(ctx, request.params.organisationId) }),
  );
  app.put(
    '/api/v1/admin/organisations/:organisationId/fee-exemption',
    {
      schema: {
        tags: adminTags,
        summary: 'Grant or end the fee exemption',
        description: 'A PMLP administrator decision, recorded with who, when and why.',
        params: OrganisationIdParams,
        body: FeeExemptionRequest,
        response: { 200: Organisation },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request) => changeFeeExemption(ctx, userOf(request), request.params.organisationId, request.body),
  );
  app.get(
    '/api/v1/org/organisation',
    {
      schema: {
        tags: ['Organisation'],
        summary: 'My organisation',
        description: 'The caller’s own organisation.',
        response: { 200: Organisation },
      },
      onRequest: userAuthentication(ctx, ['contactPerson', 'pdpUser']),
    },
    async (request) => readOrganisation(ctx, organisationOf(userOf(request))),
  );
}
