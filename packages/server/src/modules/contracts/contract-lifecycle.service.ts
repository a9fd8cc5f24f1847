import type {
  ActivateContractRequest,
  AmendContractRequest,
  ContractDetail,
  ContractStatus,
  InvalidParam,
  ReasonRequest,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { transitionRequestStatus } from '../requests/request-transition.repository';
import {
  type ContractAction,
  contractStatusAfter,
  isAmendable,
  type PurposeAction,
  purposeStatusChanges,
} from './contract-status';
import { toNewPurpose, toRequestedAccess } from './contracts.mapper';
import {
  type ContractEventAction,
  findRequestAccess,
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
} from './contracts.service';
import { purposeIssues, withdrawalIssues } from './purpose-rules';
import { changePurposeStatus, insertPurposes, listContractPurposes } from './purposes.repository';

const everyContract: Visibility = { organisationId: null };

/**
 * PMLP puts an agreed contract in force: it creates the purposes (each within what the request asked
 * for), the contract becomes `active` and the request `contract_agreed → active`.
 */
export async function activateContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ActivateContractRequest,
): Promise<ContractDetail> {
  requireStaff(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const contract = await lockVisibleContract(trx, contractId, everyContract);
    const to = nextStatus(contract, 'activate');
    const request = await findRequestAccess(trx, contract.requestId);
    if (!request) throw problem('notFound', { detail: 'The contract’s request is missing.' });
    refuseIssues(purposeIssues(input.purposes, toRequestedAccess(request)));
    const purposeIds = await insertPurposes(
      trx,
      { contractId, organisationId: contract.organisationId, at },
      input.purposes.map(toNewPurpose),
    );
    await updateContractStatus(trx, contractId, { status: to, at });
    await recordEvent(trx, {
      contractId,
      action: 'activated',
      detail: { purposeIds },
      actor,
      reason: null,
      at,
    });
    await transitionRequestStatus(trx, {
      requestId: contract.requestId,
      to: 'active',
      actorUserId: actor.userId,
      note: 'Contract activated',
      at,
    });
    return readContractDetail(trx, contractId, everyContract);
  });
}

/**
 * PMLP amends a contract in force: new purposes (bound by the scope catalogue, not by the original
 * request — the amendment is itself the new agreement) and/or withdrawals of live ones, with a reason.
 */
export async function amendContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: AmendContractRequest,
): Promise<ContractDetail> {
  requireStaff(actor);
  const additions = input.addPurposes ?? [];
  const withdrawals = input.withdrawPurposeIds ?? [];
  if (additions.length === 0 && withdrawals.length === 0) {
    throw problem('paramsValidation', {
      invalidParams: [
        { name: 'addPurposes', code: 'required', reason: 'add or withdraw at least one purpose' },
      ],
    });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const contract = await lockVisibleContract(trx, contractId, everyContract);
    // CHECK-constrained to the contract statuses.
    if (!isAmendable(contract.status as ContractStatus))
      throw problem('conflict', { detail: 'Only an active contract can be amended.' });
    const existing = await listContractPurposes(trx, contractId);
    refuseIssues([
      ...purposeIssues(additions, null, 'addPurposes'),
      ...withdrawalIssues(withdrawals, existing),
    ]);
    const addedPurposeIds = await insertPurposes(
      trx,
      { contractId, organisationId: contract.organisationId, at },
      additions.map(toNewPurpose),
    );
    const withdrawnPurposeIds = await changePurposeStatus(trx, {
      contractId,
      from: ['active', 'suspended'],
      to: 'withdrawn',
      at,
      ids: withdrawals,
    });
    const detail = { addedPurposeIds, withdrawnPurposeIds };
    await recordEvent(trx, { contractId, action: 'amended', detail, actor, reason: input.reason, at });
    await touchContract(trx, contractId, at);
    return readContractDetail(trx, contractId, everyContract);
  });
}

/** Suspends an active contract: its active purposes stop working until it is resumed. */
export function suspendContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ReasonRequest,
): Promise<ContractDetail> {
  return changeStatus(ctx, actor, { contractId, action: 'suspend', reason: input.reason });
}

/** Resumes a suspended contract: the purposes its suspension paused work again. */
export function resumeContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ReasonRequest,
): Promise<ContractDetail> {
  return changeStatus(ctx, actor, { contractId, action: 'resume', reason: input.reason });
}

/** Terminates a contract for good: every purpose still live is withdrawn. */
export function terminateContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  input: ReasonRequest,
): Promise<ContractDetail> {
  return changeStatus(ctx, actor, { contractId, action: 'terminate', reason: input.reason });
}

const eventOf: Readonly<Record<PurposeAction, ContractEventAction>> = {
  suspend: 'suspended',
  resume: 'resumed',
  terminate: 'terminated',
};

async function changeStatus(
  ctx: ContractsContext,
  actor: UserCaller,
  change: { contractId: string; action: PurposeAction; reason: string },
): Promise<ContractDetail> {
  requireStaff(actor);
  const { contractId, action, reason } = change;
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const contract = await lockVisibleContract(trx, contractId, everyContract);
    const to = nextStatus(contract, action);
    await updateContractStatus(trx, contractId, { status: to, at });
    const purposeIds = await changePurposeStatus(trx, { contractId, ...purposeStatusChanges[action], at });
    const detail = { from: contract.status, to, purposeIds };
    await recordEvent(trx, { contractId, action: eventOf[action], detail, actor, reason, at });
    return readContractDetail(trx, contractId, everyContract);
  });
}

function nextStatus(contract: LockedContract, action: ContractAction): ContractStatus {
  // CHECK-constrained to the contract statuses.
  const to = contractStatusAfter(contract.status as ContractStatus, action);
  if (!to) throw problem('conflict', { detail: `A contract in status ${contract.status} cannot ${action}.` });
  return to;
}

function refuseIssues(issues: InvalidParam[]): void {
  if (issues.length > 0) throw problem('paramsValidation', { invalidParams: issues });
}

function recordEvent(
  trx: Db,
  event: {
    contractId: string;
    action: ContractEventAction;
    detail: Record<string, unknown>;
    actor: UserCaller;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  const { actor, ...rest } = event;
  return insertContractEvent(trx, { ...rest, actorUserId: actor.userId });
}
