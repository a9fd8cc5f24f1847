import type { UserRole } from '@fpr/contract';
import { problem } from '../../http/problem';
import type { UserCaller } from './caller';
import { findLiveSession, touchSession } from './identity.repository';
import type { IdentityContext } from './login.service';
import { sameSecret, tokenDigest } from './secrets';
import { sessionPolicy } from './session-policy';

export interface SessionCredentials {
  sessionToken: string | undefined;
  /** The `X-CSRF-Token` header; required when `isStateChanging`. */
  csrfToken: string | undefined;
  isStateChanging: boolean;
}

/**
 * Resolves a session cookie to its user, enforcing idle and absolute timeouts, the CSRF token on
 * state changes, and the roles the route admits.
 */
export async function authenticateSession(
  ctx: IdentityContext,
  credentials: SessionCredentials,
  roles: readonly UserRole[],
): Promise<UserCaller> {
  if (!credentials.sessionToken) throw problem('authentication', { detail: 'Log in first.' });
  const tokenHash = tokenDigest(credentials.sessionToken);
  const session = await findLiveSession(ctx.db, tokenHash);
  const now = ctx.now();
  if (!session || isExpired(session, now)) {
    throw problem('authentication', { detail: 'The session has expired or ended; log in again.' });
  }
  if (session.user.lockedAt) throw problem('accountLocked', { detail: 'The account is locked.' });
  if (credentials.isStateChanging && !hasCsrfToken(credentials.csrfToken, session.csrfTokenHash)) {
    throw problem('forbidden', { detail: 'The X-CSRF-Token header is missing or wrong.' });
  }
  if (!roles.includes(session.user.role))
    throw problem('forbidden', { detail: 'Your role may not do this.' });
  if (now.getTime() - session.lastSeenAt.getTime() > sessionPolicy.touchIntervalSeconds * 1000) {
    await touchSession(ctx.db, tokenHash, now);
  }
  const { user } = session;
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    role: user.role,
    organisationId: user.organisationId,
    environment: user.environment,
  };
}

function isExpired(session: { lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  const idleMs = now.getTime() - session.lastSeenAt.getTime();
  return now >= session.expiresAt || idleMs > sessionPolicy.idleTimeoutSeconds * 1000;
}

function hasCsrfToken(presented: string | undefined, expected: Buffer): boolean {
  return presented !== undefined && presented !== '' && sameSecret(presented, expected);
}
