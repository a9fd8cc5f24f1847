import type { Environment, PurposeChannel, PurposeGrant } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { toPurposeGrant } from './contracts.mapper';

export interface PurposeRow {
  id: string;
  contractId: string;
  legalBasis: string;
  purpose: string;
  scopes: string[];
  fields: string[];
  channels: string[];
  environments: string[];
  isMonitoring: boolean;
  validFrom: string;
  validTo: string | null;
  requiresCaseReference: boolean;
  requiresEndUser: boolean;
  isCovert: boolean;
  disclosureDate: string | null;
  populationTerritories: string[];
  status: string;
  createdAt: Date;
  withdrawnAt: Date | null;
}

const columns = [
  'purpose.id',
  'purpose.contractId',
  'purpose.legalBasis',
  'purpose.purpose',
  'purpose.scopes',
  'purpose.fields',
  'purpose.channels',
  'purpose.environments',
  'purpose.isMonitoring',
  'purpose.validFrom',
  'purpose.validTo',
  'purpose.requiresCaseReference',
  'purpose.requiresEndUser',
  'purpose.isCovert',
  'purpose.disclosureDate',
  'purpose.populationTerritories',
  'purpose.status',
  'purpose.createdAt',
  'purpose.withdrawnAt',
] as const;

export type NewPurpose = Omit<PurposeRow, 'id' | 'contractId' | 'status' | 'createdAt' | 'withdrawnAt'>;

export async function insertPurposes(
  db: Db,
  contract: { contractId: string; organisationId: string; at: Date },
  purposes: readonly NewPurpose[],
): Promise<string[]> {
  if (purposes.length === 0) return [];
  const rows = await db
    .insertInto('purpose')
    .values(
      purposes.map((purpose) => ({
        ...purpose,
        contractId: contract.contractId,
        organisationId: contract.organisationId,
        status: 'active',
        createdAt: contract.at,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function listContractPurposes(db: Db, contractId: string): Promise<PurposeRow[]> {
  return db
    .selectFrom('purpose')
    .select(columns)
    .where('contractId', '=', contractId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Every purpose of the organisation, whatever its status (the organisation's overview). */
export async function listOrganisationPurposes(db: Db, organisationId: string): Promise<PurposeRow[]> {
  return db
    .selectFrom('purpose')
    .select(columns)
    .where('organisationId', '=', organisationId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/**
 * Moves the contract's purposes in one of `from` statuses (only those in `ids`, when given) to `to`;
 * a withdrawal also stamps `withdrawn_at`. Answers the ids that changed.
 */
export async function changePurposeStatus(
  db: Db,
  change: { contractId: string; from: readonly string[]; to: string; at: Date; ids?: readonly string[] },
): Promise<string[]> {
  let query = db
    .updateTable('purpose')
    .set({ status: change.to, withdrawnAt: change.to === 'withdrawn' ? change.at : null })
    .where('contractId', '=', change.contractId)
    .where('status', 'in', [...change.from]);
  if (change.ids !== undefined) query = query.where('id', 'in', [...change.ids]);
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}

export interface PurposeFilter {
  organisationId: string;
  environment?: Environment;
  channel?: PurposeChannel;
  /** `YYYY-MM-DD`: only purposes valid on that day. */
  activeOn?: string;
}

/**
 * The purposes an organisation may use: active, of a contract in force, optionally narrowed to an
 * environment, a channel and a day of validity. Answered in the shape `GET /api/v1/me` lists (API §3).
 */
export async function listPurposes(db: Db, filter: PurposeFilter): Promise<PurposeGrant[]> {
  let query = db
    .selectFrom('purpose')
    .innerJoin('contract', 'contract.id', 'purpose.contractId')
    .select(columns)
    .where('purpose.organisationId', '=', filter.organisationId)
    .where('purpose.status', '=', 'active')
    .where('contract.status', '=', 'active');
  if (filter.environment !== undefined)
    query = query.where(sql<boolean>`${filter.environment}::text = ANY(purpose.environments)`);
  if (filter.channel !== undefined)
    query = query.where(sql<boolean>`${filter.channel}::text = ANY(purpose.channels)`);
  const day = filter.activeOn;
  if (day !== undefined) {
    query = query
      .where('purpose.validFrom', '<=', day)
      .where((eb) => eb.or([eb('purpose.validTo', 'is', null), eb('purpose.validTo', '>=', day)]));
  }
  const rows = await query
    .orderBy('purpose.validFrom')
    .orderBy('purpose.createdAt')
    .orderBy('purpose.id')
    .execute();
  return rows.map(toPurposeGrant);
}
