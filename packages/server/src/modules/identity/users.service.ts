import {
  type ChangePasswordRequest,
  type CreateUserRequest,
  type IssuedCredentials,
  isStaffRole,
  type UserAccount,
} from '@fpr/contract';
import { problem } from '../../http/problem';
import type { UserCaller } from './caller';
import {
  endUserSessions,
  findUserById,
  findUserForUpdate,
  insertAccountEvent,
  insertUser,
  listUsers,
  setPasswordHash,
  setTotpSecret,
  type UserRow,
  unlockUser,
} from './identity.repository';
import type { IdentityContext } from './login.service';
import { generatePassword, hashPassword, isPasswordCorrect } from './passwords';
import { newTotpSecret, totpEnrolment } from './totp';

export function toUserAccount(user: UserRow): UserAccount {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    organisationId: user.organisationId,
    environment: user.environment,
    email: user.email,
    isLocked: user.lockedAt !== null,
    isActive: user.isActive,
    isTotpConfirmed: user.totpConfirmedAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * Creates an account with a generated password and TOTP secret, both shown once. A PMLP
 * administrator creates staff (`organisationId` null) or an organisation's people; a contact person
 * only people of their own organisation.
 */
export async function createUser(
  ctx: IdentityContext,
  actor: UserCaller,
  organisationId: string | null,
  input: CreateUserRequest,
): Promise<IssuedCredentials> {
  checkMayManage(actor, organisationId);
  return insertAccount(ctx, actor.userId, organisationId, input);
}

/**
 * An operator task: the first PMLP administrator of a new installation, created from the command
 * line (there is no one yet to create it through the API). The history records no actor.
 */
export async function createFirstAdministrator(
  ctx: IdentityContext,
  input: { username: string; displayName: string },
): Promise<IssuedCredentials> {
  return insertAccount(ctx, null, null, { ...input, role: 'administrator' });
}

async function insertAccount(
  ctx: IdentityContext,
  actorUserId: string | null,
  organisationId: string | null,
  input: CreateUserRequest,
): Promise<IssuedCredentials> {
  checkRoleFits(organisationId, input);
  const initialPassword = generatePassword();
  const totpSecret = newTotpSecret();
  const passwordHash = await hashPassword(initialPassword);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertUser(trx, {
      organisationId,
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      role: input.role,
      environment: input.role === 'pdpUser' ? (input.environment ?? null) : null,
      passwordHash,
      totpSecret: ctx.secretBox.seal(totpSecret),
    });
    if (!inserted) throw problem('conflict', { detail: 'The username is taken.' });
    await insertAccountEvent(trx, {
      userId: inserted.id,
      action: 'created',
      actorUserId,
      reason: null,
      at: ctx.now(),
    });
    return inserted;
  });
  return { user: toUserAccount(user), initialPassword, totp: await totpEnrolment(user.username, totpSecret) };
}

function checkRoleFits(organisationId: string | null, input: CreateUserRequest): void {
  if (organisationId === null && !isStaffRole(input.role)) {
    throw invalidRole('PMLP staff are administrators, reviewers, accountants or registrars.');
  }
  if (organisationId !== null && isStaffRole(input.role)) {
    throw invalidRole('An organisation’s people are contact persons or PDP users.');
  }
  if (input.role === 'pdpUser' && input.environment === undefined) {
    throw problem('paramsValidation', {
      invalidParams: [
        { name: 'environment', code: 'required', reason: 'A PDP user works in one environment.' },
      ],
    });
  }
}

function invalidRole(reason: string) {
  return problem('paramsValidation', { invalidParams: [{ name: 'role', code: 'enum', reason }] });
}

/** Administrators manage everyone; a contact person only their own organisation's people. */
function checkMayManage(actor: UserCaller, organisationId: string | null): void {
  if (actor.role === 'administrator') return;
  if (actor.role === 'contactPerson' && organisationId !== null && actor.organisationId === organisationId)
    return;
  throw problem('forbidden', { detail: 'You may not manage this account.' });
}

export async function listAccounts(
  ctx: IdentityContext,
  actor: UserCaller,
  organisationId: string | null,
): Promise<UserAccount[]> {
  checkMayManage(actor, organisationId);
  return (await listUsers(ctx.db, { organisationId })).map(toUserAccount);
}

/**
 * Loads an account the actor may manage, locked for update. Another organisation's account
 * answers `notFound`, so its existence does not leak.
 */
async function manageableUser(
  trx: IdentityContext['db'],
  actor: UserCaller,
  userId: string,
): Promise<UserRow> {
  const user = await findUserForUpdate(trx, userId);
  const isVisible =
    user !== undefined &&
    (actor.role === 'administrator' ||
      (actor.organisationId !== null && user.organisationId === actor.organisationId));
  if (!user || !isVisible) throw problem('notFound', { detail: 'No such user.' });
  checkMayManage(actor, user.organisationId);
  return user;
}

/** Unblocks a locked account, recording who, when and why. */
export async function unblockUser(
  ctx: IdentityContext,
  actor: UserCaller,
  userId: string,
  reason: string,
): Promise<UserAccount> {
  return ctx.db.transaction().execute(async (trx) => {
    const user = await manageableUser(trx, actor, userId);
    if (!user.lockedAt) throw problem('conflict', { detail: 'The account is not locked.' });
    await unlockUser(trx, user.id);
    await insertAccountEvent(trx, {
      userId: user.id,
      action: 'unblocked',
      actorUserId: actor.userId,
      reason,
      at: ctx.now(),
    });
    return toUserAccount({ ...user, lockedAt: null, failedLoginCount: 0 });
  });
}

/** A PMLP administrator sets a new generated password (shown once); the user's sessions end. */
export async function resetPassword(
  ctx: IdentityContext,
  actor: UserCaller,
  userId: string,
  reason: string,
): Promise<IssuedCredentials> {
  checkAdministrator(actor);
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  const user = await ctx.db.transaction().execute(async (trx) => {
    const target = await manageableUser(trx, actor, userId);
    await setPasswordHash(trx, target.id, passwordHash);
    await endUserSessions(trx, target.id, ctx.now());
    await insertAccountEvent(trx, {
      userId: target.id,
      action: 'passwordReset',
      actorUserId: actor.userId,
      reason,
      at: ctx.now(),
    });
    return target;
  });
  return { user: toUserAccount(user), initialPassword };
}

/**
 * A new TOTP secret (shown once) for a lost authenticator; the user's sessions end. A PMLP
 * administrator may reset anyone, a contact person their own organisation's people.
 */
export async function resetTotp(
  ctx: IdentityContext,
  actor: UserCaller,
  userId: string,
  reason: string,
): Promise<IssuedCredentials> {
  const totpSecret = newTotpSecret();
  const user = await ctx.db.transaction().execute(async (trx) => {
    const target = await manageableUser(trx, actor, userId);
    await setTotpSecret(trx, target.id, ctx.secretBox.seal(totpSecret));
    await endUserSessions(trx, target.id, ctx.now());
    await insertAccountEvent(trx, {
      userId: target.id,
      action: 'totpReset',
      actorUserId: actor.userId,
      reason,
      at: ctx.now(),
    });
    return { ...target, totpConfirmedAt: null };
  });
  return { user: toUserAccount(user), totp: await totpEnrolment(user.username, totpSecret) };
}

function checkAdministrator(actor: UserCaller): void {
  if (actor.role !== 'administrator')
    throw problem('forbidden', { detail: 'Only a PMLP administrator may do this.' });
}

/** Changes one's own password; the current one must be right. */
export async function changeOwnPassword(
  ctx: IdentityContext,
  actor: UserCaller,
  input: ChangePasswordRequest,
): Promise<void> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user || !(await isPasswordCorrect(user.passwordHash, input.currentPassword))) {
    throw problem('paramsValidation', {
      invalidParams: [
        { name: 'currentPassword', code: 'mismatch', reason: 'The current password is wrong.' },
      ],
    });
  }
  await setPasswordHash(ctx.db, user.id, await hashPassword(input.newPassword));
}
