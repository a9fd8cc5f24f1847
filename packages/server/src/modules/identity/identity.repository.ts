import type { Environment, UserRole } from '@fpr/contract';
import type { Db } from '../../db/database';

export interface UserRow {
  id: string;
  organisationId: string | null;
  username: string;
  displayName: string;
  email: string | null;
  role: UserRole;
  environment: Environment | null;
  passwordHash: string;
  totpSecret: string;
  totpConfirmedAt: Date | null;
  totpLastStep: string | null;
  failedLoginCount: number;
  lockedAt: Date | null;
  isActive: boolean;
  createdAt: Date;
}

const userColumns = [
  'id',
  'organisationId',
  'username',
  'displayName',
  'email',
  'role',
  'environment',
  'passwordHash',
  'totpSecret',
  'totpConfirmedAt',
  'totpLastStep',
  'failedLoginCount',
  'lockedAt',
  'isActive',
  'createdAt',
] as const;

// Roles and environments are CHECK-constrained in the table, so the narrowing casts hold.
function toUser(
  row: Omit<UserRow, 'role' | 'environment'> & { role: string; environment: string | null },
): UserRow {
  return { ...row, role: row.role as UserRole, environment: row.environment as Environment | null };
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select(userColumns)
    .where('username', '=', username)
    .executeTakeFirst();
  return row && toUser(row);
}

/** Locks the row, so concurrent log-ins count failures one after another. */
export async function findUserForUpdate(db: Db, userId: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select(userColumns)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Db, userId: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('appUser').select(userColumns).where('id', '=', userId).executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Db, filter: { organisationId: string | null }): Promise<UserRow[]> {
  let query = db.selectFrom('appUser').select(userColumns).orderBy('username');
  query =
    filter.organisationId === null
      ? query.where('organisationId', 'is', null)
      : query.where('organisationId', '=', filter.organisationId);
  return (await query.execute()).map(toUser);
}

export interface NewUser {
  organisationId: string | null;
  username: string;
  displayName: string;
  email: string | null;
  role: UserRole;
  environment: Environment | null;
  passwordHash: string;
  totpSecret: string;
}

/** Inserts unless the username is taken; undefined then. */
export async function insertUser(db: Db, user: NewUser): Promise<UserRow | undefined> {
  const row = await db
    .insertInto('appUser')
    .values(user)
    .onConflict((conflict) => conflict.column('username').doNothing())
    .returning(userColumns)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function recordFailedLogin(
  db: Db,
  userId: string,
  lockAt: number,
  now: Date,
): Promise<{ isLocked: boolean }> {
  const row = await db
    .updateTable('appUser')
    .set((eb) => ({
      failedLoginCount: eb('failedLoginCount', '+', 1),
      lockedAt: eb
        .case()
        .when(eb('failedLoginCount', '+', 1), '>=', lockAt)
        .then(eb.fn.coalesce('lockedAt', eb.val(now)))
        .else(eb.ref('lockedAt'))
        .end(),
    }))
    .where('id', '=', userId)
    .returning(['lockedAt'])
    .executeTakeFirstOrThrow();
  return { isLocked: row.lockedAt !== null };
}

export async function recordSuccessfulLogin(
  db: Db,
  userId: string,
  totpStep: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable('appUser')
    .set((eb) => ({
      failedLoginCount: 0,
      totpLastStep: String(totpStep),
      totpConfirmedAt: eb.fn.coalesce('totpConfirmedAt', eb.val(now)),
    }))
    .where('id', '=', userId)
    .execute();
}

export async function unlockUser(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('appUser')
    .set({ lockedAt: null, failedLoginCount: 0 })
    .where('id', '=', userId)
    .execute();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('appUser').set({ passwordHash }).where('id', '=', userId).execute();
}

export async function setTotpSecret(db: Db, userId: string, totpSecret: string): Promise<void> {
  await db
    .updateTable('appUser')
    .set({ totpSecret, totpConfirmedAt: null, totpLastStep: null })
    .where('id', '=', userId)
    .execute();
}

export type AccountAction =
  | 'created'
  | 'locked'
  | 'unblocked'
  | 'passwordReset'
  | 'totpReset'
  | 'totpConfirmed'
  | 'deactivated';

export async function insertAccountEvent(
  db: Db,
  event: {
    userId: string;
    action: AccountAction;
    actorUserId: string | null;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  await db.insertInto('accountEvent').values(event).execute();
}

export async function listAccountEvents(db: Db, userId: string) {
  return db
    .selectFrom('accountEvent')
    .select(['action', 'actorUserId', 'reason', 'at'])
    .where('userId', '=', userId)
    .orderBy('id')
    .execute();
}

export interface SessionRow {
  userId: string;
  csrfTokenHash: Buffer;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function insertSession(
  db: Db,
  session: { tokenHash: Buffer; userId: string; csrfTokenHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('userSession')
    .values({ ...session, lastSeenAt: session.createdAt })
    .execute();
}

/** The live session of a token, with its user; ended sessions and inactive users are not found. */
export async function findLiveSession(
  db: Db,
  tokenHash: Buffer,
): Promise<(SessionRow & { user: UserRow }) | undefined> {
  // One round trip on every call of a logged-in person: the session and its account together.
  const row = await db
    .selectFrom('userSession')
    .innerJoin('appUser', 'appUser.id', 'userSession.userId')
    .select([
      ...userColumns.map((column) => `appUser.${column}` as const),
      'userSession.userId',
      'userSession.csrfTokenHash',
      'userSession.lastSeenAt',
      'userSession.expiresAt',
    ])
    .where('userSession.tokenHash', '=', tokenHash)
    .where('userSession.endedAt', 'is', null)
    .where('appUser.isActive', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { userId, csrfTokenHash, lastSeenAt, expiresAt, ...user } = row;
  return { userId, csrfTokenHash, lastSeenAt, expiresAt, user: toUser(user) };
}

export async function touchSession(db: Db, tokenHash: Buffer, now: Date): Promise<void> {
  await db.updateTable('userSession').set({ lastSeenAt: now }).where('tokenHash', '=', tokenHash).execute();
}

export async function endSession(db: Db, tokenHash: Buffer, now: Date): Promise<void> {
  await db
    .updateTable('userSession')
    .set({ endedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('endedAt', 'is', null)
    .execute();
}

/** Ends every session of a user (password reset, lock, deactivation). */
export async function endUserSessions(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('userSession')
    .set({ endedAt: now })
    .where('userId', '=', userId)
    .where('endedAt', 'is', null)
    .execute();
}
