import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/database';
import { runQueryBenchmark } from './query';
import { startScriptNodeFlags } from './query-server';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 2 });
});
afterAll(async () => database.drop());

it('runs tiny, prints its table and ends with one JSON line of positive figures', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    await runQueryBenchmark({
      persons: 300,
      seconds: 1,
      connections: 4,
      json: true,
      connectionString: database.url,
    });
  } finally {
    log.mockRestore();
  }
  expect(lines.join('\n')).toContain('(c) this API over HTTP');
  const last = JSON.parse(lines.at(-1) ?? '{}');
  expect(last).toMatchObject({ benchmark: 'query', persons: 300 });
  for (const key of ['floorRps', 'apiRps', 'p99Ms', 'batchPersonsPerSec', 'rssMb']) {
    expect(last[key], key).toBeGreaterThan(0);
  }
  for (const key of ['ceilingRps', 'ratioToCeiling', 'ceilingP99AtHalfMs']) {
    if (last[key] !== null) expect(last[key], key).toBeGreaterThan(0);
  }
  expect(lines.join('\n')).toMatch(/failed requests \(non-2xx or errors\)\s+0/);
}, 120_000);

it('runs its server with the Node flags of `npm start` (the cap on V8\u2019s old generation)', () => {
  expect(startScriptNodeFlags()).toEqual([expect.stringMatching(/^--max-old-space-size=\d+$/)]);
});
