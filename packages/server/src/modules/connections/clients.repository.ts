import type { Db } from '../../db/database';

export interface SystemClientRow {
  clientId: string;
  organisationId: string;
  connectionId: string;
  environment: string;
  name: string;
  authMethod: string;
  publicJwk: unknown;
  createdAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
}

const columns = [
  'clientId',
  'organisationId',
  'connectionId',
  'environment',
  'name',
  'authMethod',
  'publicJwk',
  'createdAt',
  'revokedAt',
  'revocationReason',
] as const;

export async function insertSystemClient(
  db: Db,
  client: {
    clientId: string;
    organisationId: string;
    connectionId: string;
    environment: string;
    name: string;
    authMethod: 'private_key_jwt' | 'client_secret_basic';
    publicJwk: object | null;
    secretHash: string | null;
    createdBy: string;
    createdAt: Date;
  },
): Promise<SystemClientRow> {
  return db
    .insertInto('systemClient')
    .values({ ...client, publicJwk: client.publicJwk && JSON.stringify(client.publicJwk) })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export interface ClientFilter {
  organisationId?: string;
  environment?: string;
}

/** Clients newest first; revoked ones stay listed, marked so. */
export async function listSystemClients(db: Db, filter: ClientFilter): Promise<SystemClientRow[]> {
  let query = db.selectFrom('systemClient').select(columns);
  if (filter.organisationId !== undefined) query = query.where('organisationId', '=', filter.organisationId);
  if (filter.environment !== undefined) query = query.where('environment', '=', filter.environment);
  return query.orderBy('createdAt', 'desc').orderBy('clientId').execute();
}

/** Locks the client; with `organisationId`, only that organisation's client is found. */
export async function findSystemClientForUpdate(
  db: Db,
  clientId: string,
  organisationId: string | null,
): Promise<SystemClientRow | undefined> {
  let query = db.selectFrom('systemClient').select(columns).where('clientId', '=', clientId);
  if (organisationId !== null) query = query.where('organisationId', '=', organisationId);
  return query.forUpdate().executeTakeFirst();
}

export async function revokeSystemClient(
  db: Db,
  clientId: string,
  revocation: { at: Date; by: string; reason: string },
): Promise<SystemClientRow> {
  return db
    .updateTable('systemClient')
    .set({ revokedAt: revocation.at, revokedBy: revocation.by, revocationReason: revocation.reason })
    .where('clientId', '=', clientId)
    .returning(columns)
    .executeTakeFirstOrThrow();
}
