import {
  ActivateContractRequest,
  AmendContractRequest,
  ContractDetail,
  ContractIdParams,
  ContractList,
  ContractListQuery,
  ContractRequestIdParams,
  ContractTextRequest,
  ContractVersion,
  ReasonRequest,
  type UserRole,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { userOf } from '../identity/caller';
import { publishContractVersion, startContractDrafting } from './contract-drafting.service';
import {
  activateContract,
  amendContract,
  resumeContract,
  suspendContract,
  terminateContract,
} from './contract-lifecycle.service';
import { readContracts } from './contracts.service';
import { registerOrganisationContractRoutes, registerSharedContractRoutes } from './contracts-shared.routes';

const tags = ['Contracts (PMLP)'];
const security = [{ sessionCookie: [] }];
/** PMLP reviewers negotiate contracts; administrators may step in. */
const staff: readonly UserRole[] = ['administrator', 'reviewer'];

/**
 * Contracts (DOMAIN §3 step 3): PMLP drafts versions of the text, both sides comment and approve one
 * exact version, PMLP activates the agreed contract into purposes, amends, suspends and terminates it.
 * The organisation reads and negotiates its own contracts only.
 */
export function registerContractRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerDraftingRoutes(app, ctx);
  registerLifecycleRoutes(app, ctx);
  registerSharedContractRoutes(app, ctx, { prefix: '/api/v1/admin/contracts', roles: staff, tags });
  registerOrganisationContractRoutes(app, ctx);
}

function registerDraftingRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const onRequest = userAuthentication(ctx, staff);
  app.post(
    '/api/v1/admin/requests/:requestId/contract',
    {
      schema: {
        tags,
        summary: 'Start drafting the contract of a request',
        description:
          'Creates the contract with version 1 of its Markdown text; the request moves from in_review to ' +
          'contract_drafting. 409 when the request already has a contract or is not in review.',
        security,
        params: ContractRequestIdParams,
        body: ContractTextRequest,
        response: { 201: ContractDetail },
      },
      onRequest,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await startContractDrafting(ctx, userOf(request), request.params.requestId, request.body)),
  );
  app.get(
    '/api/v1/admin/contracts',
    {
      schema: {
        tags,
        summary: 'List contracts',
        description: 'Every contract, most recently changed first, optionally of one status.',
        security,
        querystring: ContractListQuery,
        response: { 200: ContractList },
      },
      onRequest,
    },
    async (request) => ({ contracts: await readContracts(ctx, userOf(request), request.query) }),
  );
  app.post(
    '/api/v1/admin/contracts/:contractId/versions',
    {
      schema: {
        tags,
        summary: 'Publish the next version of the text',
        description:
          'Only while drafting. Approvals of earlier versions stop counting (they stay in the history).',
        security,
        params: ContractIdParams,
        body: ContractTextRequest,
        response: { 201: ContractVersion },
      },
      onRequest,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await publishContractVersion(ctx, userOf(request), request.params.contractId, request.body)),
  );
}

function registerLifecycleRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const onRequest = userAuthentication(ctx, staff);
  app.post(
    '/api/v1/admin/contracts/:contractId/activate',
    {
      schema: {
        tags,
        summary: 'Activate an agreed contract into purposes',
        description:
          'Creates the purposes (each within the scopes, fields, channels, environments and monitoring the ' +
          'request asked for); the contract and the request become active.',
        security,
        params: ContractIdParams,
        body: ActivateContractRequest,
        response: { 200: ContractDetail },
      },
      onRequest,
    },
    async (request) => activateContract(ctx, userOf(request), request.params.contractId, request.body),
  );
  app.post(
    '/api/v1/admin/contracts/:contractId/amendments',
    {
      schema: {
        tags,
        summary: 'Amend an active contract',
        description: 'Adds purposes and/or withdraws live ones, with a reason kept in the history.',
        security,
        params: ContractIdParams,
        body: AmendContractRequest,
        response: { 200: ContractDetail },
      },
      onRequest,
    },
    async (request) => amendContract(ctx, userOf(request), request.params.contractId, request.body),
  );
  const statusChanges = [
    [
      'suspend',
      'Suspend a contract',
      'An active contract; its active purposes stop working.',
      suspendContract,
    ],
    [
      'resume',
      'Resume a suspended contract',
      'The purposes the suspension paused work again.',
      resumeContract,
    ],
    [
      'terminate',
      'Terminate a contract',
      'Irreversible; every purpose still live is withdrawn.',
      terminateContract,
    ],
  ] as const;
  for (const [action, summary, description, change] of statusChanges) {
    app.post(
      `/api/v1/admin/contracts/:contractId/${action}`,
      {
        schema: {
          tags,
          summary,
          description: `${description} The reason is kept with who and when.`,
          security,
          params: ContractIdParams,
          body: ReasonRequest,
          response: { 200: ContractDetail },
        },
        onRequest,
      },
      async (request) => change(ctx, userOf(request), request.params.contractId, request.body),
    );
  }
}
