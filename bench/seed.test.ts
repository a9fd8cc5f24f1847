import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/database';
import { runSeedBenchmark } from './seed';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 2 });
});
afterAll(async () => database.drop());

it('runs tiny, prints its table and ends with one JSON line', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    const result = await runSeedBenchmark({ persons: 300, json: true, connectionString: database.url });
    expect(result.persons).toBe(300);
    expect(result.megabytes).toBeGreaterThan(0);
  } finally {
    log.mockRestore();
  }
  expect(lines.join('\n')).toContain('persons per second');
  const last = JSON.parse(lines.at(-1) ?? '{}');
  expect(last).toMatchObject({ benchmark: 'seed', persons: 300 });
  expect(last.personsPerSec).toBeGreaterThan(0);
  expect(last.seconds).toBeGreaterThan(0);
});
