import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, type TestUser } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { totpCodeAt } from './totp';

let testDb: TestDatabase;
let server: TestApp;
// The service clock; tests move it forward so each log-in uses a fresh TOTP step.
let clock = new Date('2026-03-02T09:00:00Z');
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  // This file tries some thirty log-ins within seconds from one address; the per-address limit has
  // tests of its own (http/address-rate-limit.test.ts).
  server = await startTestApp({
    db: testDb.db,
    now: () => clock,
    config: { loginAttemptsPerIpPerMinute: 1000 },
  });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function logIn(user: TestUser, overrides: { password?: string; totpCode?: string } = {}) {
  return fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: user.username,
      password: overrides.password ?? user.password,
      totpCode: overrides.totpCode ?? totpCodeAt(user.totpSecret, clock),
    }),
  });
}

function sessionHeaders(response: Response, csrfToken?: string): Record<string, string> {
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
}

async function organisationPerson(role: 'contactPerson' | 'pdpUser' = 'pdpUser') {
  const organisation = await createOrganisation(testDb.db);
  return createUser(testDb.db, { role, organisationId: organisation.id });
}

describe('log-in', () => {
  it('sets an HTTP-only SameSite=Strict session cookie and answers the CSRF token', async () => {
    const user = await organisationPerson();
    later(60);
    const response = await logIn(user);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { username: string; role: string }; csrfToken: string };
    expect(body.user).toMatchObject({ username: user.username, role: 'pdpUser', environment: 'test' });
    const [session, csrf] = response.headers.getSetCookie();
    expect(session).toMatch(/^fpr_session=[\w-]{43}; .*HttpOnly/);
    expect(session).toContain('SameSite=Strict');
    expect(csrf).toMatch(/^fpr_csrf=/);
    expect(csrf).not.toContain('HttpOnly');
    const own = await fetch(`${server.baseUrl}/api/v1/org/organisation`, {
      headers: sessionHeaders(response),
    });
    expect(own.status).toBe(200);
    const stored = await testDb.db
      .selectFrom('userSession')
      .select(['tokenHash'])
      .where('userId', '=', user.id)
      .execute();
    const token = session?.slice('fpr_session='.length).split(';')[0] ?? '';
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash.toString('base64url')).not.toContain(token);
  });

  it('answers the same 401 for an unknown user, a wrong password and a wrong code', async () => {
    const user = await organisationPerson();
    later(60);
    const unknown = await logIn({ ...user, username: 'nobody-here' });
    const wrongPassword = await logIn(user, { password: 'not the password' });
    const wrongCode = await logIn(user, {
      totpCode: totpCodeAt(user.totpSecret, new Date(clock.getTime() - 600_000)),
    });
    const problems = await Promise.all([unknown, wrongPassword, wrongCode].map(readProblem));
    expect(problems.map((p) => [p.status, p.code, p.detail])).toEqual([
      [401, 'authentication', 'The username, password or code is wrong.'],
      [401, 'authentication', 'The username, password or code is wrong.'],
      [401, 'authentication', 'The username, password or code is wrong.'],
    ]);
  });

  it('refuses a TOTP code that was already used', async () => {
    const user = await organisationPerson();
    later(60);
    const code = totpCodeAt(user.totpSecret, clock);
    expect((await logIn(user, { totpCode: code })).status).toBe(200);
    expect((await logIn(user, { totpCode: code })).status).toBe(401);
    later(30);
    expect((await logIn(user)).status).toBe(200);
  });

  it('locks the account after five consecutive failures, even against the right password', async () => {
    const user = await organisationPerson();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await logIn(user, { password: `wrong ${attempt}` });
      expect(response.status).toBe(401);
    }
    later(60);
    const locked = await readProblem(await logIn(user));
    expect([locked.status, locked.code]).toEqual([423, 'accountLocked']);
    const events = await testDb.db
      .selectFrom('accountEvent')
      .select(['action', 'actorUserId', 'reason'])
      .where('userId', '=', user.id)
      .execute();
    expect(events).toEqual([{ action: 'locked', actorUserId: null, reason: '5 consecutive failed log-ins' }]);
  });

  it('counts consecutive failures only: a success resets the count', async () => {
    const user = await organisationPerson();
    for (let attempt = 1; attempt <= 4; attempt += 1) await logIn(user, { password: 'wrong' });
    later(60);
    expect((await logIn(user)).status).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt += 1) await logIn(user, { password: 'wrong' });
    later(60);
    expect((await logIn(user)).status).toBe(200);
  });

  it('refuses unknown fields and lists every invalid parameter', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: '', totpCode: '12', extra: true }),
    });
    const body = await readProblem(response);
    expect(body.code).toBe('paramsValidation');
    expect(body.invalidParams?.map((param) => param.name).sort()).toEqual([
      'extra',
      'password',
      'totpCode',
      'username',
    ]);
  });
});

describe('sessions', () => {
  async function loggedIn() {
    const user = await organisationPerson('contactPerson');
    later(60);
    const response = await logIn(user);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { user, headers: sessionHeaders(response, csrfToken), withoutCsrf: sessionHeaders(response) };
  }

  it('refuses a state change without the CSRF token', async () => {
    const { headers, withoutCsrf } = await loggedIn();
    const body = JSON.stringify({
      username: 'new-person',
      displayName: 'New',
      role: 'pdpUser',
      environment: 'test',
    });
    const refused = await fetch(`${server.baseUrl}/api/v1/org/users`, {
      method: 'POST',
      headers: withoutCsrf,
      body,
    });
    expect((await readProblem(refused)).code).toBe('forbidden');
    const wrong = await fetch(`${server.baseUrl}/api/v1/org/users`, {
      method: 'POST',
      headers: { ...withoutCsrf, 'x-csrf-token': 'forged' },
      body,
    });
    expect(wrong.status).toBe(403);
    const accepted = await fetch(`${server.baseUrl}/api/v1/org/users`, { method: 'POST', headers, body });
    expect(accepted.status).toBe(201);
  });

  it('ends with log-out', async () => {
    const { headers } = await loggedIn();
    const { 'content-type': _json, ...bodiless } = headers;
    const out = await fetch(`${server.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: bodiless });
    expect(out.status).toBe(204);
    const after = await fetch(`${server.baseUrl}/api/v1/org/organisation`, { headers });
    expect((await readProblem(after)).code).toBe('authentication');
  });

  it('expires after 30 minutes without a call, with a clear message', async () => {
    const { headers } = await loggedIn();
    later(29 * 60);
    expect((await fetch(`${server.baseUrl}/api/v1/org/organisation`, { headers })).status).toBe(200);
    later(29 * 60);
    expect((await fetch(`${server.baseUrl}/api/v1/org/organisation`, { headers })).status).toBe(200);
    later(31 * 60);
    const expired = await readProblem(await fetch(`${server.baseUrl}/api/v1/org/organisation`, { headers }));
    expect([expired.code, expired.detail]).toEqual([
      'authentication',
      'The session has expired or ended; log in again.',
    ]);
  });

  it('changes the own password only with the current one', async () => {
    const { user, headers } = await loggedIn();
    const wrong = await fetch(`${server.baseUrl}/api/v1/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: 'not it', newPassword: 'a much longer passphrase' }),
    });
    expect((await readProblem(wrong)).invalidParams?.map((param) => param.name)).toEqual(['currentPassword']);
    const changed = await fetch(`${server.baseUrl}/api/v1/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: user.password, newPassword: 'a much longer passphrase' }),
    });
    expect(changed.status).toBe(204);
    later(60);
    expect((await logIn(user)).status).toBe(401);
    later(60);
    expect((await logIn(user, { password: 'a much longer passphrase' })).status).toBe(200);
  });
});
