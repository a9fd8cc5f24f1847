import type {
  ContractDetail,
  ContractDiff,
  ContractDiffQuery,
  ContractListQuery,
  ContractPurpose,
  ContractSummary,
  ContractVersion,
  InvalidParam,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { diffTexts } from './contract-diff';
import { findVersion, listApprovals, listComments, listVersions } from './contract-versions.repository';
import {
  toContractApproval,
  toContractEvent,
  toContractPurpose,
  toContractSummary,
  toContractVersion,
  toVersionSummary,
} from './contracts.mapper';
import {
  findContract,
  type LockedContract,
  listContractEvents,
  listContracts,
  lockContract,
  type Visibility,
} from './contracts.repository';
import { listContractPurposes, listOrganisationPurposes } from './purposes.repository';

export interface ContractsContext {
  db: Db;
  now: () => Date;
}

/** PMLP staff see every contract; an organisation's people only their own (others are "not found"). */
export function visibilityOf(actor: UserCaller): Visibility {
  return { organisationId: actor.organisationId };
}

/** Contracts, newest change first, optionally of one status. */
export async function readContracts(
  ctx: ContractsContext,
  actor: UserCaller,
  query: ContractListQuery,
): Promise<ContractSummary[]> {
  const rows = await listContracts(ctx.db, { ...visibilityOf(actor), status: query.status });
  return rows.map(toContractSummary);
}

/** One contract with its versions, approvals, purposes and history. */
export async function readContract(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
): Promise<ContractDetail> {
  return readContractDetail(ctx.db, contractId, visibilityOf(actor));
}

/** Reads the detail inside the caller's transaction, so a change answers what it committed. */
export async function readContractDetail(
  db: Db,
  contractId: string,
  visibility: Visibility,
): Promise<ContractDetail> {
  const contract = await findContract(db, contractId, visibility);
  if (!contract) throw problem('notFound', { detail: 'No such contract.' });
  const [versions, approvals, purposes, history] = await Promise.all([
    listVersions(db, contractId),
    listApprovals(db, contractId),
    listContractPurposes(db, contractId),
    listContractEvents(db, contractId),
  ]);
  return {
    ...toContractSummary(contract),
    versions: versions.map(toVersionSummary),
    approvals: approvals.map(toContractApproval),
    purposes: purposes.map(toContractPurpose),
    history: history.map(toContractEvent),
  };
}

/** One version's text with its comments. */
export async function readContractVersion(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  number: number,
): Promise<ContractVersion> {
  await requireVisibleContract(ctx.db, contractId, visibilityOf(actor));
  const version = await findVersion(ctx.db, contractId, number);
  if (!version) throw problem('notFound', { detail: 'No such version of this contract.' });
  return toContractVersion(version, await listComments(ctx.db, contractId, number));
}

/** A line diff between any two versions, older or newer in either order. */
export async function diffContractVersions(
  ctx: ContractsContext,
  actor: UserCaller,
  contractId: string,
  query: ContractDiffQuery,
): Promise<ContractDiff> {
  await requireVisibleContract(ctx.db, contractId, visibilityOf(actor));
  const [from, to] = await Promise.all([
    findVersion(ctx.db, contractId, query.from),
    findVersion(ctx.db, contractId, query.to),
  ]);
  const missing: InvalidParam[] = [];
  if (!from)
    missing.push({ name: 'from', code: 'unknownVersion', reason: 'the contract has no such version' });
  if (!to) missing.push({ name: 'to', code: 'unknownVersion', reason: 'the contract has no such version' });
  if (!from || !to) throw problem('paramsValidation', { invalidParams: missing });
  return {
    from: { number: from.number, textHash: from.textHash },
    to: { number: to.number, textHash: to.textHash },
    ...diffTexts(from.text, to.text),
  };
}

/** The caller's organisation's purposes with status and validity. */
export async function readOrganisationPurposes(
  ctx: ContractsContext,
  organisationId: string,
): Promise<ContractPurpose[]> {
  return (await listOrganisationPurposes(ctx.db, organisationId)).map(toContractPurpose);
}

export async function requireVisibleContract(
  db: Db,
  contractId: string,
  visibility: Visibility,
): Promise<void> {
  if (!(await findContract(db, contractId, visibility)))
    throw problem('notFound', { detail: 'No such contract.' });
}

/** Changes of the contract itself are PMLP decisions; routes check roles, this guards direct callers. */
export function requireStaff(actor: UserCaller): void {
  if (actor.organisationId !== null) throw problem('forbidden', { detail: 'Only PMLP staff may do this.' });
}

/** Locks a contract the caller may see; every change of a contract starts here. */
export async function lockVisibleContract(
  trx: Db,
  contractId: string,
  visibility: Visibility,
): Promise<LockedContract> {
  const contract = await lockContract(trx, contractId, visibility);
  if (!contract) throw problem('notFound', { detail: 'No such contract.' });
  return contract;
}
