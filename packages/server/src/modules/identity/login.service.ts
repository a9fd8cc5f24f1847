import type { LoginRequest, LoginResponse, UserRole } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import {
  endSession,
  findUserByUsername,
  findUserForUpdate,
  insertAccountEvent,
  insertSession,
  recordFailedLogin,
  recordSuccessfulLogin,
  type UserRow,
} from './identity.repository';
import { isPasswordCorrect, spendPasswordCheck } from './passwords';
import type { SecretBox } from './secret-box';
import { randomToken, tokenDigest } from './secrets';
import { sessionPolicy } from './session-policy';
import { acceptedTotpStep } from './totp';

export interface IdentityContext {
  db: Db;
  now: () => Date;
  /** Seals and opens the TOTP seeds stored with the accounts. */
  secretBox: SecretBox;
}

/** After this many consecutive failures the account locks until someone unblocks it (API §2). */
export const failedLoginLimit = 5;

export interface LoginOutcome {
  response: LoginResponse;
  /** Goes into the HTTP-only cookie; never into the body. */
  sessionToken: string;
}

/**
 * Logs a person in with password and TOTP code. Every wrong combination answers the same
 * `authentication` problem; a locked account answers `accountLocked` even with the right password.
 */
export async function logIn(ctx: IdentityContext, input: LoginRequest): Promise<LoginOutcome> {
  const candidate = await findUserByUsername(ctx.db, input.username.trim().toLowerCase());
  if (!candidate?.isActive) {
    await spendPasswordCheck(input.password);
    throw wrongCredentials();
  }
  // The password check runs outside the transaction: argon2 is slow and must not hold a row lock.
  const isPasswordRight = await isPasswordCorrect(candidate.passwordHash, input.password);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const user = await findUserForUpdate(trx, candidate.id);
    if (!user) return { kind: 'refused' as const };
    if (user.lockedAt) return { kind: 'locked' as const };
    const now = ctx.now();
    const step = isPasswordRight ? totpStep(ctx.secretBox, user, input.totpCode, now) : undefined;
    if (step === undefined) return recordFailure(trx, user, now);
    await recordSuccessfulLogin(trx, user.id, step, now);
    if (!user.totpConfirmedAt) {
      await insertAccountEvent(trx, {
        userId: user.id,
        action: 'totpConfirmed',
        actorUserId: user.id,
        reason: null,
        at: now,
      });
    }
    return { kind: 'accepted' as const, ...(await openSession(trx, user, now)) };
  });
  if (outcome.kind === 'locked')
    throw problem('accountLocked', { detail: 'The account is locked; ask to have it unblocked.' });
  if (outcome.kind !== 'accepted') throw wrongCredentials();
  return { response: outcome.response, sessionToken: outcome.sessionToken };
}

function totpStep(secretBox: SecretBox, user: UserRow, code: string, now: Date): number | undefined {
  const lastStep = user.totpLastStep === null ? undefined : Number(user.totpLastStep);
  return acceptedTotpStep(secretBox.open(user.totpSecret), code, now, lastStep);
}

async function recordFailure(trx: Db, user: UserRow, now: Date): Promise<{ kind: 'refused' | 'locked' }> {
  const { isLocked } = await recordFailedLogin(trx, user.id, failedLoginLimit, now);
  if (!isLocked) return { kind: 'refused' };
  await insertAccountEvent(trx, {
    userId: user.id,
    action: 'locked',
    actorUserId: null,
    reason: `${failedLoginLimit} consecutive failed log-ins`,
    at: now,
  });
  // The failure that locks the account is still answered as a wrong credential.
  return { kind: 'refused' };
}

async function openSession(trx: Db, user: UserRow, now: Date) {
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + sessionPolicy.absoluteTimeoutSeconds * 1000);
  await insertSession(trx, {
    tokenHash: tokenDigest(sessionToken),
    csrfTokenHash: tokenDigest(csrfToken),
    userId: user.id,
    createdAt: now,
    expiresAt,
  });
  const response: LoginResponse = {
    user: userSummary(user),
    csrfToken,
    idleTimeoutSeconds: sessionPolicy.idleTimeoutSeconds,
    expiresAt: expiresAt.toISOString(),
  };
  return { sessionToken, response };
}

export function userSummary(user: UserRow): LoginResponse['user'] {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role satisfies UserRole,
    organisationId: user.organisationId,
    environment: user.environment,
  };
}

function wrongCredentials() {
  return problem('authentication', { detail: 'The username, password or code is wrong.' });
}

/** Ends the session of this cookie; logging out twice is not an error. */
export async function logOut(ctx: IdentityContext, sessionToken: string): Promise<void> {
  await endSession(ctx.db, tokenDigest(sessionToken), ctx.now());
}
