import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/database';
import { runEventsBenchmark } from './events';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 2 });
});
afterAll(async () => database.drop());

it('runs tiny, prints its table and ends with one JSON line', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    const result = await runEventsBenchmark({
      persons: 300,
      events: 60,
      concurrency: 4,
      json: true,
      connectionString: database.url,
    });
    expect(result.recorded).toBe(60);
  } finally {
    log.mockRestore();
  }
  expect(lines.join('\n')).toContain('service: events per second');
  const last = JSON.parse(lines.at(-1) ?? '{}');
  expect(last).toMatchObject({ benchmark: 'events', persons: 300 });
  expect(last.eventsPerSec).toBeGreaterThan(0);
  expect(last.ceilingPerSec).toBeGreaterThan(0);
  expect(last.nodeCpuMsPerEvent).toBeGreaterThan(0);
  // Null only when PostgreSQL is not a process of this machine (an external DATABASE_URL).
  expect(last.postgresCpuMsPerEvent === null || last.postgresCpuMsPerEvent > 0).toBe(true);
});
