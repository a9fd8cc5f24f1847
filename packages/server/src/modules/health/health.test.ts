import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createDatabase, type Db } from '../../db/database';

let testDb: TestDatabase;
let server: TestApp;
let downDb: Db;
let serverWithoutDatabase: TestApp;
beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
  downDb = createDatabase({ connectionString: `postgres://fpr:none@127.0.0.1:${await closedPort()}/fpr` });
  serverWithoutDatabase = await startTestApp({ db: downDb });
});
afterAll(async () => {
  await server.close();
  await serverWithoutDatabase.close();
  await downDb.destroy();
  await testDb.drop();
});

describe('health', () => {
  it('is live', async () => {
    const response = await fetch(`${server.baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers', async () => {
    const response = await fetch(`${server.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('stays live but is not ready when the database is down', async () => {
    expect((await fetch(`${serverWithoutDatabase.baseUrl}/health/live`)).status).toBe(200);
    const response = await fetch(`${serverWithoutDatabase.baseUrl}/health/ready`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      code: 'notAvailable',
      status: 503,
      detail: 'The database is not reachable.',
      instance: '/health/ready',
    });
  });
});
