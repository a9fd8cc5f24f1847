import type { Db } from '../../db/database';

export interface OrganisationRow {
  id: string;
  name: string;
  registrationNumber: string;
  legalForm: string;
  isFeeExempt: boolean;
  feeExemptionReason: string | null;
  createdAt: Date;
}

const columns = [
  'id',
  'name',
  'registrationNumber',
  'legalForm',
  'isFeeExempt',
  'feeExemptionReason',
  'createdAt',
] as const;

/** Inserts unless the registration number is taken; undefined then. */
export async function insertOrganisation(
  db: Db,
  organisation: {
    name: string;
    registrationNumber: string;
    legalForm: string;
    feeExemptionReason: string | null;
  },
): Promise<OrganisationRow | undefined> {
  return db
    .insertInto('organisation')
    .values({ ...organisation, isFeeExempt: organisation.feeExemptionReason !== null })
    .onConflict((conflict) => conflict.column('registrationNumber').doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisation').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function findOrganisationForUpdate(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisation').select(columns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.selectFrom('organisation').select(columns).orderBy('name').execute();
}

export async function setFeeExemption(db: Db, id: string, reason: string | null): Promise<OrganisationRow> {
  return db
    .updateTable('organisation')
    .set({ isFeeExempt: reason !== null, feeExemptionReason: reason })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export type OrganisationAction = 'registered' | 'feeExemptionGranted' | 'feeExemptionEnded';

export async function insertOrganisationEvent(
  db: Db,
  event: {
    organisationId: string;
    action: OrganisationAction;
    actorUserId: string | null;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  await db.insertInto('organisationEvent').values(event).execute();
}

export interface OrganisationEventRow {
  action: string;
  actorName: string | null;
  reason: string | null;
  at: Date;
}

/** The organisation's registration and fee-exemption decisions, oldest first, with who decided. */
export async function listOrganisationEvents(
  db: Db,
  organisationId: string,
): Promise<OrganisationEventRow[]> {
  return db
    .selectFrom('organisationEvent')
    .leftJoin('appUser', 'appUser.id', 'organisationEvent.actorUserId')
    .select([
      'organisationEvent.action',
      'appUser.displayName as actorName',
      'organisationEvent.reason',
      'organisationEvent.at',
    ])
    .where('organisationEvent.organisationId', '=', organisationId)
    .orderBy('organisationEvent.id')
    .execute();
}
