import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProblem, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { isServerPath } from './web-app';

const indexHtml = '<!doctype html><title>web app</title><div id="root"></div>';
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

let testDb: TestDatabase;
let server: TestApp;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fpr-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), indexHtml);
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, webApp: { root } });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
  await rm(root, { recursive: true, force: true });
});

describe('the web app on the API port', () => {
  it('serves index.html at the root, revalidated on every load', async () => {
    const response = await fetch(`${server.baseUrl}/`, { headers: html });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(indexHtml);
  });

  it('serves hashed assets cached for a year', async () => {
    const response = await fetch(`${server.baseUrl}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/pdp', '/pdp/person', '/login', '/organisation/users'])(
    'answers the app route %s with index.html',
    async (path) => {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: html });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(indexHtml);
    },
  );

  it.each(['/api/v1/nothing-here', '/oauth/nothing', '/health/nothing', '/metrics/nothing'])(
    'leaves the server path %s a problem+json 404, even for a browser',
    async (path) => {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: html });
      expect(response.status).toBe(404);
      expect((await readProblem(response)).code).toBe('notFound');
    },
  );

  it('answers a missing asset, asked by a script, with a 404 problem', async () => {
    const response = await fetch(`${server.baseUrl}/assets/missing.js`, { headers: { accept: '*/*' } });
    expect(response.status).toBe(404);
    expect((await readProblem(response)).code).toBe('notFound');
  });

  it('keeps its files out of the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(
      Object.keys(document.paths).filter((path) => !path.startsWith('/api/') && !path.startsWith('/oauth/')),
    ).toEqual([]);
  });
});

describe('isServerPath', () => {
  it.each([
    ['/api', true],
    ['/api/v1/me', true],
    ['/oauth/token', true],
    ['/health/ready', true],
    ['/metrics', true],
    ['/apiary', false],
    ['/pdp', false],
    ['/', false],
  ])('%s → %s', (path, expected) => {
    expect(isServerPath(path)).toBe(expected);
  });
});
