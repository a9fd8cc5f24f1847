import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/database';
import { runFeedBenchmark } from './feed';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => database.drop());

it('runs tiny, prints its table and ends with one JSON line', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    const result = await runFeedBenchmark({
      persons: 300,
      subscriptions: 400,
      organisations: 4,
      events: 80,
      overheadEvents: 10,
      concurrency: 4,
      json: true,
      plans: true,
      connectionString: database.url,
    });
    expect(result.subscriptions).toBe(400);
    expect(result.changesRead).toBeGreaterThan(0);
  } finally {
    log.mockRestore();
  }
  expect(lines.join('\n')).toContain('changesPerSec, first delivery');
  expect(lines.join('\n')).toMatch(/fan-out of one sealing batch[\s\S]*Execution Time/);
  const last = JSON.parse(lines.at(-1) ?? '{}');
  expect(last).toMatchObject({ benchmark: 'feed', persons: 300, subscriptions: 400 });
  expect(last.changesPerSec).toBeGreaterThan(0);
  expect(typeof last.eventOverheadPct).toBe('number');
});
