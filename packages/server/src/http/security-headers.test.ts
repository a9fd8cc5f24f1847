import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../test/access-fixtures';
import { startTestApp, type TestApp, testConfig } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { buildApp } from '../app';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

let testDb: TestDatabase;
let server: TestApp;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fpr-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, webApp: { root } });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
  await rm(root, { recursive: true, force: true });
});

/**
 * Fetches and reads the whole body: an answer left unread keeps its connection busy, and the
 * server's close then waits for it (seen as a hanging afterAll under load).
 */
async function get(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response;
}

/** The policy as a map of directive to its sources. */
function policyOf(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

function expectCommonHeaders(response: Response): void {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  // Plain HTTP (the test server, `npm start`): no HTTPS pinning.
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('give the web app’s page a strict policy: no inline script or style, never framed', async () => {
    const response = await get(`${server.baseUrl}/pdp`, { headers: html });
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    const policy = policyOf(response);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('come with the assets, which stay cacheable', async () => {
    const response = await get(`${server.baseUrl}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    expect(policyOf(response).get('script-src')).toEqual(["'self'"]);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('keep API answers, personal data included, out of every cache', async () => {
    const organisation = await createOrganisation(testDb.db);
    const user = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: organisation.id,
      environment: 'test',
    });
    const me = await get(`${server.baseUrl}/api/v1/me`, { headers: user.session.headers() });
    expect(me.status).toBe(200);
    expectCommonHeaders(me);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const problem = await get(`${server.baseUrl}/api/v1/monitoring/subscriptions`);
    expect(problem.status).toBe(401);
    expectCommonHeaders(problem);
    expect(problem.headers.get('cache-control')).toBe('no-store');
  });

  it('let the API documentation work under its own policy, on its routes only', async () => {
    const page = await get(`${server.baseUrl}/api/docs/static/index.html`);
    expect(page.status).toBe(200);
    expectCommonHeaders(page);
    const policy = policyOf(page);
    // The UI's inline initialiser is allowed by its hash, never by 'unsafe-inline'.
    expect(policy.get('script-src')?.[0]).toBe("'self'");
    expect(
      policy
        .get('script-src')
        ?.slice(1)
        .every((source) => source.startsWith("'sha256-")),
    ).toBe(true);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    // Its bundle injects a style element: inline styles are allowed here, and only here.
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const initialiser = await get(`${server.baseUrl}/api/docs/static/swagger-initializer.js`);
    expect(initialiser.status).toBe(200);
    const document = await get(`${server.baseUrl}/api/docs/json`);
    expect(document.status).toBe(200);
  });

  it('pin HTTPS when the public address is https://', async () => {
    const app = await buildApp({
      config: { ...testConfig, publicBaseUrl: 'https://fpr.example.lv' },
      db: testDb.db,
      logger: false,
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/health/live' });
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await app.close();
    }
  });
});
