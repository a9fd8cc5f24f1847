import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';

let testDb: TestDatabase;
let server: TestApp;
beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({
    db: testDb.db,
    routes: (app) => app.get('/api/test/things/:id', async () => ({ ok: true })),
  });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

describe('GET /metrics', () => {
  it('exposes request durations by route pattern, never the raw URL', async () => {
    await fetch(`${server.baseUrl}/health/live`);
    await fetch(`${server.baseUrl}/api/test/things/4711`);
    await fetch(`${server.baseUrl}/api/unknown/010190-10415`);
    const response = await fetch(`${server.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} 1/,
    );
    expect(text).toMatch(/route="\/api\/test\/things\/:id",status_code="200"/);
    expect(text).toMatch(/route="unmatched",status_code="404"/);
    // In the labels: a sample's value (heap bytes, CPU microseconds) may contain any digits.
    const labelSets = text.match(/\{[^}]*\}/g) ?? [];
    expect(labelSets.filter((labels) => labels.includes('4711') || labels.includes('010190'))).toEqual([]);
  });

  it('includes the default Node.js metrics', async () => {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
