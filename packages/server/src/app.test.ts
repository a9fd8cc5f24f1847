import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/app';
import { createTestDatabase, type TestDatabase } from '../test/database';

let testDb: TestDatabase;
let server: TestApp;
beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

describe('API documentation', () => {
  it('serves the OpenAPI 3.1 document as JSON', async () => {
    const response = await fetch(`${server.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'FPR Online API' },
      servers: [{ url: 'http://localhost:8080' }],
    });
  });

  it('serves the interactive documentation', async () => {
    const response = await fetch(`${server.baseUrl}/api/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});

describe('buildApp', () => {
  it('answers through app.inject as well as over HTTP', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBeTypeOf('string');
  });

  it('builds independent apps side by side (no global state such as metric registries)', async () => {
    await fetch(`${server.baseUrl}/health/live`);
    const second = await startTestApp({ db: testDb.db });
    try {
      const first = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const metrics = await (await fetch(`${second.baseUrl}/metrics`)).text();
      expect(first).toContain('route="/health/live"');
      expect(metrics).not.toContain('route="/health/live"');
    } finally {
      await second.close();
    }
  });
});
