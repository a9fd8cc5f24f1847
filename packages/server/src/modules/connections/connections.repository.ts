import type { Db } from '../../db/database';

export interface ConnectionRow {
  id: string;
  organisationId: string;
  environment: string;
  status: string;
  ipAllowList: string[];
  rateLimitPerMinute: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionEventRow {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  detail: unknown;
  actorUserId: string | null;
  at: Date;
}

const columns = [
  'id',
  'organisationId',
  'environment',
  'status',
  'ipAllowList',
  'rateLimitPerMinute',
  'createdAt',
  'updatedAt',
] as const;

/** Inserts unless the organisation has a connection of this environment; undefined then. */
export async function insertConnection(
  db: Db,
  connection: {
    organisationId: string;
    environment: string;
    ipAllowList: string[];
    rateLimitPerMinute: number | undefined;
    at: Date;
  },
): Promise<ConnectionRow | undefined> {
  const { at, rateLimitPerMinute, ...values } = connection;
  return db
    .insertInto('connection')
    .values({
      ...values,
      ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
      status: 'configured',
      createdAt: at,
      updatedAt: at,
    })
    .onConflict((conflict) => conflict.columns(['organisationId', 'environment']).doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function findConnection(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connection').select(columns).where('id', '=', id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction: status steps and setting changes queue up. */
export async function findConnectionForUpdate(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connection').select(columns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findConnectionOf(
  db: Db,
  organisationId: string,
  environment: string,
): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('connection')
    .select(columns)
    .where('organisationId', '=', organisationId)
    .where('environment', '=', environment)
    .executeTakeFirst();
}

/** Every connection, or one organisation's, by organisation and environment. */
export async function listConnections(db: Db, organisationId?: string): Promise<ConnectionRow[]> {
  let query = db.selectFrom('connection').select(columns);
  if (organisationId !== undefined) query = query.where('organisationId', '=', organisationId);
  return query.orderBy('organisationId').orderBy('environment').execute();
}

export async function updateConnection(
  db: Db,
  id: string,
  change: { status?: string; ipAllowList?: string[]; rateLimitPerMinute?: number; at: Date },
): Promise<ConnectionRow> {
  const { at, ...values } = change;
  return db
    .updateTable('connection')
    .set({ ...values, updatedAt: at })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function insertConnectionEvent(
  db: Db,
  event: {
    connectionId: string;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    detail?: object;
    /** Null when the system acts on its own (billing's automatic suspension). */
    actorUserId: string | null;
    at: Date;
  },
): Promise<void> {
  const { detail, ...values } = event;
  await db
    .insertInto('connectionEvent')
    .values({ ...values, detail: JSON.stringify(detail ?? {}) })
    .execute();
}

export async function listConnectionEvents(db: Db, connectionId: string): Promise<ConnectionEventRow[]> {
  return db
    .selectFrom('connectionEvent')
    .select(['action', 'fromStatus', 'toStatus', 'reason', 'detail', 'actorUserId', 'at'])
    .where('connectionId', '=', connectionId)
    .orderBy('id')
    .execute();
}
