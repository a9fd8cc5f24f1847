import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface ContractRow {
  id: string;
  organisationId: string;
  organisationName: string;
  requestId: string;
  status: string;
  agreedVersion: number | null;
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a state change needs, read under a row lock. */
export interface LockedContract {
  id: string;
  organisationId: string;
  requestId: string;
  status: string;
}

/** `organisationId` null: PMLP sees every contract; otherwise only that organisation's. */
export type Visibility = { organisationId: string | null };

function contractsQuery(db: Db, visibility: Visibility) {
  let query = db
    .selectFrom('contract')
    .innerJoin('organisation', 'organisation.id', 'contract.organisationId')
    .select([
      'contract.id',
      'contract.organisationId',
      'organisation.name as organisationName',
      'contract.requestId',
      'contract.status',
      'contract.agreedVersion',
      'contract.createdAt',
      'contract.updatedAt',
    ])
    .select((eb) =>
      eb
        .selectFrom('contractVersion')
        .select(sql<number>`coalesce(max(contract_version.number), 0)::int`.as('latest'))
        .whereRef('contractVersion.contractId', '=', 'contract.id')
        .as('latestVersion'),
    );
  if (visibility.organisationId !== null)
    query = query.where('contract.organisationId', '=', visibility.organisationId);
  return query;
}

export async function findContract(
  db: Db,
  contractId: string,
  visibility: Visibility,
): Promise<ContractRow | undefined> {
  const row = await contractsQuery(db, visibility).where('contract.id', '=', contractId).executeTakeFirst();
  return row && { ...row, latestVersion: row.latestVersion ?? 0 };
}

export async function listContracts(
  db: Db,
  filter: Visibility & { status?: string },
): Promise<ContractRow[]> {
  let query = contractsQuery(db, filter);
  if (filter.status !== undefined) query = query.where('contract.status', '=', filter.status);
  const rows = await query.orderBy('contract.updatedAt', 'desc').orderBy('contract.id').execute();
  return rows.map((row) => ({ ...row, latestVersion: row.latestVersion ?? 0 }));
}

/** Locks the contract row: every change of a contract starts here, so changes queue one after another. */
export async function lockContract(
  db: Db,
  contractId: string,
  visibility: Visibility,
): Promise<LockedContract | undefined> {
  let query = db
    .selectFrom('contract')
    .select(['id', 'organisationId', 'requestId', 'status'])
    .where('id', '=', contractId);
  if (visibility.organisationId !== null)
    query = query.where('organisationId', '=', visibility.organisationId);
  return query.forUpdate().executeTakeFirst();
}

export async function hasContractForRequest(db: Db, requestId: string): Promise<boolean> {
  const row = await db
    .selectFrom('contract')
    .select('id')
    .where('requestId', '=', requestId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertContract(
  db: Db,
  contract: { organisationId: string; requestId: string; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('contract')
    .values({
      organisationId: contract.organisationId,
      requestId: contract.requestId,
      status: 'drafting',
      createdAt: contract.at,
      updatedAt: contract.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateContractStatus(
  db: Db,
  contractId: string,
  change: { status: string; agreedVersion?: number; at: Date },
): Promise<void> {
  await db
    .updateTable('contract')
    .set({ status: change.status, updatedAt: change.at, agreedVersion: change.agreedVersion })
    .where('id', '=', contractId)
    .execute();
}

export async function touchContract(db: Db, contractId: string, at: Date): Promise<void> {
  await db.updateTable('contract').set({ updatedAt: at }).where('id', '=', contractId).execute();
}

export type ContractEventAction =
  | 'drafted'
  | 'versionPublished'
  | 'approved'
  | 'agreed'
  | 'activated'
  | 'amended'
  | 'suspended'
  | 'resumed'
  | 'terminated';

export async function insertContractEvent(
  db: Db,
  event: {
    contractId: string;
    action: ContractEventAction;
    detail: Record<string, unknown>;
    actorUserId: string;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('contractEvent')
    .values({ ...event, detail: JSON.stringify(event.detail) })
    .execute();
}

export interface ContractEventRow {
  action: string;
  detail: unknown;
  actorName: string;
  reason: string | null;
  at: Date;
}

export async function listContractEvents(db: Db, contractId: string): Promise<ContractEventRow[]> {
  return db
    .selectFrom('contractEvent')
    .innerJoin('appUser', 'appUser.id', 'contractEvent.actorUserId')
    .select([
      'contractEvent.action',
      'contractEvent.detail',
      'appUser.displayName as actorName',
      'contractEvent.reason',
      'contractEvent.at',
    ])
    .where('contractEvent.contractId', '=', contractId)
    .orderBy('contractEvent.id')
    .execute();
}

/** What the organisation asked for: activation may grant no more. */
export interface RequestAccessRow {
  organisationId: string;
  scopes: unknown;
  channels: string[];
  environments: string[];
  wantsMonitoring: boolean;
}

export async function findRequestAccess(db: Db, requestId: string): Promise<RequestAccessRow | undefined> {
  return db
    .selectFrom('serviceRequest')
    .select(['organisationId', 'scopes', 'channels', 'environments', 'wantsMonitoring'])
    .where('id', '=', requestId)
    .executeTakeFirst();
}
