import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, type TestUser } from '../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { totpCodeAt } from '../modules/identity/totp';

let testDb: TestDatabase;
let server: TestApp | undefined;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => testDb.drop());

async function start(config: Parameters<typeof startTestApp>[0]['config']): Promise<TestApp> {
  server = await startTestApp({ db: testDb.db, config });
  return server;
}

function logIn(app: TestApp, user: TestUser, password: string, headers: Record<string, string> = {}) {
  return fetch(`${app.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      username: user.username,
      password,
      totpCode: totpCodeAt(user.totpSecret, new Date()),
    }),
  });
}

async function failedLogins(user: TestUser): Promise<number> {
  const row = await testDb.db
    .selectFrom('appUser')
    .select('failedLoginCount')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  return row.failedLoginCount;
}

async function pdpUser(): Promise<TestUser> {
  const organisation = await createOrganisation(testDb.db);
  return createUser(testDb.db, { role: 'pdpUser', organisationId: organisation.id });
}

describe('log-in attempts per client address', () => {
  it('refuses the attempt past the limit with 429 and Retry-After, before it reaches the account', async () => {
    const app = await start({ loginAttemptsPerIpPerMinute: 3 });
    const user = await pdpUser();
    for (let attempt = 1; attempt <= 3; attempt++)
      expect((await logIn(app, user, `wrong ${attempt}`)).status).toBe(401);
    const refused = await logIn(app, user, user.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = await readProblem(refused);
    expect(problem).toMatchObject({
      code: 'tooManyRequests',
      detail: 'One address may try to log in 3 times a minute.',
    });
    // Three failures counted, not four: the refused attempt never touched the account.
    expect(await failedLogins(user)).toBe(3);
    // The budget is the address's, whatever the account.
    expect((await logIn(app, await pdpUser(), 'anything')).status).toBe(429);
  });

  it('reads the client address from X-Forwarded-For only when the proxy is trusted', async () => {
    // Wrong passwords: each attempt that passes the limit answers 401, a refused one 429.
    const behind = await start({ loginAttemptsPerIpPerMinute: 2, trustProxy: ['127.0.0.1'] });
    const first = await pdpUser();
    const from = async (address: string) =>
      (await logIn(behind, first, 'wrong', { 'x-forwarded-for': address })).status;
    expect([await from('203.0.113.5'), await from('203.0.113.5'), await from('203.0.113.5')]).toEqual([
      401, 401, 429,
    ]);
    expect(await from('203.0.113.6')).toBe(401);
    await behind.close();

    // Without a trusted proxy the header is anybody's claim: every call counts against the peer.
    const direct = await start({ loginAttemptsPerIpPerMinute: 2 });
    const second = await pdpUser();
    const claimed = async (address: string) =>
      (await logIn(direct, second, 'wrong', { 'x-forwarded-for': address })).status;
    expect([
      await claimed('203.0.113.7'),
      await claimed('203.0.113.8'),
      await claimed('203.0.113.9'),
    ]).toEqual([401, 401, 429]);
  });
});

describe('token requests per client address', () => {
  it('refuses the request past the limit with 429, before the body is read', async () => {
    const app = await start({ tokenRequestsPerIpPerMinute: 2 });
    const ask = () =>
      fetch(`${app.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=nobody',
      });
    expect((await ask()).status).not.toBe(429);
    expect((await ask()).status).not.toBe(429);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect((await readProblem(refused)).detail).toBe('One address may ask for a token 2 times a minute.');
  });
});
