import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/database';
import { runCardBenchmark } from './card';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => database.drop());

it('runs a few lookups in the browser, prints its table and ends with one JSON line', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    const result = await runCardBenchmark({ lookups: 3, json: true, connectionString: database.url });
    expect(result.lookups).toBe(3);
  } finally {
    log.mockRestore();
  }
  expect(lines.join('\n')).toContain('API answer → card painted');
  const last = JSON.parse(lines.at(-1) ?? '{}');
  expect(last).toMatchObject({ benchmark: 'card', lookups: 3 });
  // Painting comes after the commit, and both after the answer.
  expect(last.commitP50Ms).toBeGreaterThan(0);
  expect(last.p50Ms).toBeGreaterThanOrEqual(last.commitP50Ms);
  expect(last.maxMs).toBeGreaterThanOrEqual(last.p95Ms);
}, 120_000);
