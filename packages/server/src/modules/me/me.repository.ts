import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface MeOrganisationRow {
  id: string;
  name: string;
  registrationNumber: string;
  isFeeExempt: boolean;
}

export interface UsablePurposeRow {
  id: string;
  legalBasis: string;
  purpose: string;
  scopes: string[];
  fields: string[];
  channels: string[];
  isMonitoring: boolean;
  validFrom: string;
  validTo: string | null;
  requiresCaseReference: boolean;
  requiresEndUser: boolean;
}

export async function findMeOrganisation(db: Db, id: string): Promise<MeOrganisationRow | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'registrationNumber', 'isFeeExempt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface UsablePurposeFilter {
  organisationId: string;
  /** `YYYY-MM-DD` in Riga: the purpose must be valid on this day. */
  day: string;
  /** Omitted for a contact person, who sees the purposes of both environments. */
  environment?: string;
  /** Omitted for a contact person, who sees both channels. */
  channel?: string;
}

/** Purposes the caller may use now: active, of a contract in force, valid on `day`. */
export async function listUsablePurposes(db: Db, filter: UsablePurposeFilter): Promise<UsablePurposeRow[]> {
  let query = db
    .selectFrom('purpose')
    .innerJoin('contract', 'contract.id', 'purpose.contractId')
    .select([
      'purpose.id',
      'purpose.legalBasis',
      'purpose.purpose',
      'purpose.scopes',
      'purpose.fields',
      'purpose.channels',
      'purpose.isMonitoring',
      'purpose.validFrom',
      'purpose.validTo',
      'purpose.requiresCaseReference',
      'purpose.requiresEndUser',
    ])
    .where('purpose.organisationId', '=', filter.organisationId)
    .where('purpose.status', '=', 'active')
    .where('contract.status', '=', 'active')
    .where('purpose.validFrom', '<=', filter.day)
    .where((eb) => eb.or([eb('purpose.validTo', 'is', null), eb('purpose.validTo', '>=', filter.day)]));
  if (filter.environment !== undefined)
    query = query.where(sql<boolean>`${filter.environment}::text = ANY(purpose.environments)`);
  if (filter.channel !== undefined)
    query = query.where(sql<boolean>`${filter.channel}::text = ANY(purpose.channels)`);
  return query.orderBy('purpose.validFrom').orderBy('purpose.createdAt').orderBy('purpose.id').execute();
}
