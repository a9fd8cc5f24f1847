import { randomBytes } from 'node:crypto';
import { type Environment, generateRegistrationNumber, type UserRole } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { hashPassword } from '../src/modules/identity/passwords';
import { randomToken, tokenDigest } from '../src/modules/identity/secrets';
import { sessionPolicy } from '../src/modules/identity/session-policy';
import { newTotpSecret } from '../src/modules/identity/totp';
import { testSecretBox } from './app';

/** A valid registration number (DOMAIN §5 checksum), random on every call. */
export function uniqueRegistrationNumber(prefix = '40'): string {
  return generateRegistrationNumber(prefix, Math.random);
}

export interface TestOrganisation {
  id: string;
  name: string;
  registrationNumber: string;
}

export async function createOrganisation(
  db: Db,
  options: { name?: string; legalForm?: 'publicLaw' | 'privateLaw'; feeExemptionReason?: string } = {},
): Promise<TestOrganisation> {
  const registrationNumber = uniqueRegistrationNumber();
  const name = options.name ?? `Test organisation ${registrationNumber}`;
  const row = await db
    .insertInto('organisation')
    .values({
      name,
      registrationNumber,
      legalForm: options.legalForm ?? 'privateLaw',
      isFeeExempt: options.feeExemptionReason !== undefined,
      feeExemptionReason: options.feeExemptionReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name, registrationNumber };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  totpSecret: string;
  role: UserRole;
  organisationId: string | null;
}

/** Inserts a user directly (no HTTP); staff roles get no organisation. */
export async function createUser(
  db: Db,
  options: { role: UserRole; organisationId?: string; environment?: Environment; password?: string },
): Promise<TestUser> {
  const username = `user-${randomBytes(5).toString('hex')}`;
  const password = options.password ?? `pass-${randomBytes(8).toString('hex')}`;
  const totpSecret = newTotpSecret();
  const organisationId = options.organisationId ?? null;
  const row = await db
    .insertInto('appUser')
    .values({
      organisationId,
      username,
      displayName: `Test ${options.role}`,
      email: null,
      role: options.role,
      environment: options.role === 'pdpUser' ? (options.environment ?? 'test') : null,
      passwordHash: await hashPassword(password),
      totpSecret: testSecretBox.seal(totpSecret),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, username, password, totpSecret, role: options.role, organisationId };
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** Headers for a call as this user: cookie, CSRF token and JSON. */
  headers: (extra?: Record<string, string>) => Record<string, string>;
}

/**
 * A live session inserted directly, so tests need not pass argon2 and TOTP for every call.
 * `now` must match the app's clock, or the session counts as idle.
 */
export async function sessionFor(db: Db, user: { id: string }, now = new Date()): Promise<TestSession> {
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  await db
    .insertInto('userSession')
    .values({
      tokenHash: tokenDigest(sessionToken),
      csrfTokenHash: tokenDigest(csrfToken),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionPolicy.absoluteTimeoutSeconds * 1000),
    })
    .execute();
  const cookie = `${sessionPolicy.cookieName}=${sessionToken}`;
  return {
    cookie,
    csrfToken,
    headers: (extra = {}) => ({
      cookie,
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
      ...extra,
    }),
  };
}

/** A user of the role with a live session: the usual start of an HTTP test. */
export async function userWithSession(
  db: Db,
  options: { role: UserRole; organisationId?: string; environment?: Environment; now?: Date },
): Promise<TestUser & { session: TestSession }> {
  const user = await createUser(db, options);
  return { ...user, session: await sessionFor(db, user, options.now) };
}
