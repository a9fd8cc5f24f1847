import {
  ContractApprovalRequest,
  ContractComment,
  ContractCommentRequest,
  ContractDetail,
  ContractDiff,
  ContractDiffQuery,
  ContractIdParams,
  ContractList,
  ContractListQuery,
  ContractVersion,
  ContractVersionParams,
  PurposeList,
  type UserRole,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { organisationOf, userOf } from '../identity/caller';
import { approveContractVersion, commentOnContractVersion } from './contract-drafting.service';
import {
  diffContractVersions,
  readContract,
  readContracts,
  readContractVersion,
  readOrganisationPurposes,
} from './contracts.service';

const security = [{ sessionCookie: [] }];
const organisationTags = ['Contracts'];

/**
 * What both sides do the same way: read a contract, a version and a diff, comment and approve. Under
 * `/api/v1/org/…` the service sees only the caller's organisation, so another's contract is not found.
 */
export function registerSharedContractRoutes(
  app: FastifyTypebox,
  ctx: AppContext,
  options: { prefix: string; roles: readonly UserRole[]; tags: string[] },
): void {
  const { prefix, tags } = options;
  const onRequest = userAuthentication(ctx, options.roles);
  app.get(
    `${prefix}/:contractId`,
    {
      schema: {
        tags,
        summary: 'Read a contract',
        description: 'The contract with its versions, approvals, purposes and history.',
        security,
        params: ContractIdParams,
        response: { 200: ContractDetail },
      },
      onRequest,
    },
    async (request) => readContract(ctx, userOf(request), request.params.contractId),
  );
  app.get(
    `${prefix}/:contractId/versions/:number`,
    {
      schema: {
        tags,
        summary: 'Read a version of the text',
        description: 'The Markdown text, its sha256 hash (to approve it) and the comments on it.',
        security,
        params: ContractVersionParams,
        response: { 200: ContractVersion },
      },
      onRequest,
    },
    async (request) =>
      readContractVersion(ctx, userOf(request), request.params.contractId, request.params.number),
  );
  app.get(
    `${prefix}/:contractId/diff`,
    {
      schema: {
        tags,
        summary: 'Compare two versions',
        description:
          'A line diff of any two versions: the whole text in order as added, removed and unchanged parts, ' +
          'each with its first line number in the older and the newer text, for a side-by-side view.',
        security,
        params: ContractIdParams,
        querystring: ContractDiffQuery,
        response: { 200: ContractDiff },
      },
      onRequest,
    },
    async (request) => diffContractVersions(ctx, userOf(request), request.params.contractId, request.query),
  );
  app.post(
    `${prefix}/:contractId/versions/:number/comments`,
    {
      schema: {
        tags,
        summary: 'Comment on a version',
        description: 'Only while the contract is being drafted.',
        security,
        params: ContractVersionParams,
        body: ContractCommentRequest,
        response: { 201: ContractComment },
      },
      onRequest,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await commentOnContractVersion(ctx, userOf(request), request.params, request.body)),
  );
  app.post(
    `${prefix}/:contractId/approve`,
    {
      schema: {
        tags,
        summary: 'Approve the latest version',
        description:
          'The caller’s side approves one exact text, named by version number and sha256 hash. 409 when the ' +
          'version is not the latest or the hash does not match it. When both sides have approved the same ' +
          'latest version the contract is agreed.',
        security,
        params: ContractIdParams,
        body: ContractApprovalRequest,
        response: { 200: ContractDetail },
      },
      onRequest,
    },
    async (request) => approveContractVersion(ctx, userOf(request), request.params.contractId, request.body),
  );
}

/** The organisation's contact person negotiates the organisation's own contracts and sees its purposes. */
export function registerOrganisationContractRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const roles: readonly UserRole[] = ['contactPerson'];
  const onRequest = userAuthentication(ctx, roles);
  app.get(
    '/api/v1/org/contracts',
    {
      schema: {
        tags: organisationTags,
        summary: 'My organisation’s contracts',
        description: 'The organisation’s contracts, most recently changed first, optionally of one status.',
        security,
        querystring: ContractListQuery,
        response: { 200: ContractList },
      },
      onRequest,
    },
    async (request) => ({ contracts: await readContracts(ctx, userOf(request), request.query) }),
  );
  app.get(
    '/api/v1/org/purposes',
    {
      schema: {
        tags: organisationTags,
        summary: 'My organisation’s purposes',
        description: 'Every purpose granted to the organisation, with its status and validity.',
        security,
        response: { 200: PurposeList },
      },
      onRequest,
    },
    async (request) => ({ purposes: await readOrganisationPurposes(ctx, organisationOf(userOf(request))) }),
  );
  registerSharedContractRoutes(app, ctx, { prefix: '/api/v1/org/contracts', roles, tags: organisationTags });
}
