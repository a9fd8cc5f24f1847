import type {
  ContractApprovalRequest,
  ContractComment,
  ContractCommentRequest,
  ContractDetail,
  ContractSide,
  ContractStatus,
  ContractTextRequest,
  ContractVersion,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { transitionRequestStatus } from '../requests/request-transition.repository';
import { contractTextHash, judgeApproval } from './approval';
import { isTextOpen } from './contract-status';
import {
  findComment,
  findLatestVersion,
  findVersion,
  insertApproval,
  insertComment,
  insertVersion,
  listApprovals,
} from './contract-versions.repository';
import { sideOf, toContractComment, toContractVersion } from './contracts.mapper';
import {
  findRequestAccess,
  hasContractForRequest,
  insertContract,
  insertContractEvent,
  type LockedContract,
  touchContract,
  updateContractStatus,
  type Visibility,
} from './contracts.repository';
import {
  type ContractsContext,
  lockVisibleContract,
  readContractDetail,
  requireStaff,
  visibilityOf,
} from './contracts.service';

const everyContract: Visibility = { organisationId: null };

/**
 * PMLP starts the contract of a reviewed request: version 1 of the text, and the request moves
 * `in_review → contract_drafting`. A request has at most one contract.
 */
export async function startContractDrafting(
  ctx: ContractsContext,
  actor: UserCaller,
  requestId: string,
  input: ContractTextRequest,
): Promise<ContractDetail> {
  requireStaff(actor);
  requireText(input.text);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    if (await hasContractForRequest(trx, requestId))
      throw problem('conflict', { detail: 'This request already has a contract.' });
    await transitionRequestStatus(trx, {
      requestId,
      to: 'contract_drafting',
      actorUserId: actor.userId,
      note: 'Contract drafting started',
      at,
    });
    const request = await findRequestAccess(trx, requestId);
    if (!request) throw problem('notFound', { detail: 'No such request.' });
    const contractId = await insertContract(trx, { organisationId: request.organisationId, requestId, at });
    const textHash = contractTextHash(input.text);
    await insertVersion(trx, {
      contractId,
      number: 1,
      text: input.text,
      textHash,
      authorUserId: actor.userId,
      at,
    });
    await insertContractEvent(trx, {
      contractId,
      action: 'drafted',
      detail: { version: 1, textHash },
      actorUserId: actor.userId,
      reason: null,
      at,
    });
    return readContractDetail(trx, contractId, everyContract);
  });
}

/** PMLP publishes the next version of the text; earlier approvals stop counting (they stay in history). */
export async function publishContractVersion(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ContractTextRequest,
): Promise<ContractVersion> {
  requireStaff(actor);
  requireText(input.text);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const contract = await lockOpenContract(trx, contractId, everyContract);
    const latest = await findLatestVersion(trx, contract.id);
    if (latest?.text === input.text) {
      throw problem('paramsValidation', {
        invalidParams: [{ name: 'text', code: 'unchanged', reason: 'is the same as the latest version' }],
      });
    }
    const number = (latest?.number ?? 0) + 1;
    const textHash = contractTextHash(input.text);
    await insertVersion(trx, {
      contractId,
      number,
      text: input.text,
      textHash,
      authorUserId: actor.userId,
      at,
    });
    await insertContractEvent(trx, {
      contractId,
      action: 'versionPublished',
      detail: { version: number, textHash },
      actorUserId: actor.userId,
      reason: null,
      at,
    });
    await touchContract(trx, contractId, at);
    const version = await findVersion(trx, contractId, number);
    if (!version) throw new Error('the version just inserted is missing');
    return toContractVersion(version, []);
  });
}

/** Either side comments on a version while the text is negotiated. */
export async function commentOnContractVersion(
  ctx: ContractsContext,
  actor: UserCaller,
  target: { contractId: string; number: number },
  input: ContractCommentRequest,
): Promise<ContractComment> {
  if (input.body.trim() === '') {
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'body', code: 'blank', reason: 'must say something' }],
    });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const contract = await lockOpenContract(trx, target.contractId, visibilityOf(actor));
    if (!(await findVersion(trx, contract.id, target.number)))
      throw problem('notFound', { detail: 'No such version of this contract.' });
    const id = await insertComment(trx, {
      contractId: contract.id,
      versionNumber: target.number,
      body: input.body,
      authorUserId: actor.userId,
      at: ctx.now(),
    });
    const comment = await findComment(trx, id);
    if (!comment) throw new Error('the comment just inserted is missing');
    return toContractComment(comment);
  });
}

/**
 * The caller's side (PMLP or the organisation) approves the latest version, named by number and hash.
 * When the other side approved the same version already, the contract is agreed and the request
 * moves `contract_drafting → contract_agreed`.
 */
export async function approveContractVersion(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ContractApprovalRequest,
): Promise<ContractDetail> {
  const visibility = visibilityOf(actor);
  const side = sideOf(actor.organisationId);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const contract = await lockVisibleContract(trx, contractId, visibility);
    const latest = await findLatestVersion(trx, contract.id);
    if (!latest) throw problem('conflict', { detail: 'The contract has no version to approve.' });
    const verdict = judgeApproval({
      // CHECK-constrained to the contract statuses.
      status: contract.status as ContractStatus,
      latest,
      approval: { number: input.version, textHash: input.textHash },
      side,
      sidesApprovedLatest: await sidesThatApproved(trx, contract.id, latest.number),
    });
    if (!verdict.isAccepted) throw problem('conflict', { detail: verdict.detail });
    await insertApproval(trx, {
      contractId,
      versionNumber: latest.number,
      side,
      textHash: latest.textHash,
      approvedBy: actor.userId,
      at,
    });
    await insertContractEvent(trx, {
      contractId,
      action: 'approved',
      detail: { version: latest.number, side, textHash: latest.textHash },
      actorUserId: actor.userId,
      reason: null,
      at,
    });
    if (verdict.isAgreed) await agree(trx, contract, { version: latest, actorUserId: actor.userId, at });
    else await touchContract(trx, contractId, at);
    return readContractDetail(trx, contractId, visibility);
  });
}

async function sidesThatApproved(
  trx: Db,
  contractId: string,
  versionNumber: number,
): Promise<ContractSide[]> {
  const approvals = await listApprovals(trx, contractId);
  return (
    approvals
      .filter((approval) => approval.versionNumber === versionNumber)
      // CHECK-constrained to the two sides.
      .map((approval) => approval.side as ContractSide)
  );
}

async function agree(
  trx: Db,
  contract: LockedContract,
  agreement: { version: { number: number; textHash: string }; actorUserId: string; at: Date },
): Promise<void> {
  const { version, actorUserId, at } = agreement;
  await updateContractStatus(trx, contract.id, { status: 'agreed', agreedVersion: version.number, at });
  await insertContractEvent(trx, {
    contractId: contract.id,
    action: 'agreed',
    detail: { version: version.number, textHash: version.textHash },
    actorUserId,
    reason: null,
    at,
  });
  await transitionRequestStatus(trx, {
    requestId: contract.requestId,
    to: 'contract_agreed',
    actorUserId,
    note: `Both sides approved contract version ${version.number}`,
    at,
  });
}

async function lockOpenContract(
  trx: Db,
  contractId: string,
  visibility: Visibility,
): Promise<LockedContract> {
  const contract = await lockVisibleContract(trx, contractId, visibility);
  // CHECK-constrained to the contract statuses.
  if (!isTextOpen(contract.status as ContractStatus))
    throw problem('conflict', { detail: 'The text can change only while the contract is being drafted.' });
  return contract;
}

function requireText(text: string): void {
  if (text.trim() !== '') return;
  throw problem('paramsValidation', {
    invalidParams: [{ name: 'text', code: 'blank', reason: 'the contract text is empty' }],
  });
}
