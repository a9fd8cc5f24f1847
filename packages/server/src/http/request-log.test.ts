import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';

let testDb: TestDatabase;
let server: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, logLines });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

describe('the request log', () => {
  it('writes one line per request, with the path but never the query string', async () => {
    const before = logLines.length;
    await fetch(`${server.baseUrl}/health/live?token=secret-value`);
    const lines = logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        method: 'GET',
        path: '/health/live',
        statusCode: 200,
        requestId: expect.any(String),
        responseTimeMs: expect.any(Number),
      }),
    ]);
    expect(logLines.slice(before).join('')).not.toContain('secret-value');
  });
});
