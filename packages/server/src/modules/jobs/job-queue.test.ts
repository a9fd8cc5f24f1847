import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { type JobQueue, startJobQueue } from './job-queue';
import { enqueueJob } from './jobs.repository';

let database: TestDatabase;
const seen = new EventEmitter();
const runs: Array<{ task: string; payload: unknown; attempts: number }> = [];
let queue: JobQueue | undefined;
let failuresLeft = 1;

const handlers = {
  remember: async (payload: unknown, job: { attempts: number }) => {
    runs.push({ task: 'remember', payload, attempts: job.attempts });
    seen.emit('run', payload);
  },
  flaky: async (payload: unknown, job: { attempts: number }) => {
    runs.push({ task: 'flaky', payload, attempts: job.attempts });
    if (failuresLeft-- > 0) throw new Error('receiver down');
    seen.emit('run', payload);
  },
};

function startQueue(): Promise<JobQueue> {
  return startJobQueue({ connectionString: database.url, handlers, pollIntervalMs: 100, onError: () => {} });
}

function ranWith(marker: string): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (payload: { marker?: string }) => {
      if (payload.marker !== marker) return;
      seen.off('run', listener);
      resolve(payload);
    };
    seen.on('run', listener);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await queue?.stop();
  await database.drop();
});

describe('job queue', () => {
  it('runs a job only when the transaction that enqueued it commits', async () => {
    queue = await startQueue();
    await database.db
      .transaction()
      .execute(async (trx) => {
        // A task no handler runs: had it been enqueued, it would wait in the queue for ever.
        await enqueueJob(trx, { task: 'forgotten', payload: { marker: 'rolled-back' } });
        throw new Error('use case failed');
      })
      .catch(() => {});
    const committed = ranWith('committed');
    await database.db
      .transaction()
      .execute((trx) => enqueueJob(trx, { task: 'remember', payload: { marker: 'committed' } }));
    await committed;
    // The rolled-back job never existed. (The committed one may stay in the queue a moment after
    // its handler returned, so it is not counted.)
    const waiting = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE task_identifier = 'forgotten'`.execute(
      database.db,
    );
    expect(waiting.rows[0]?.count).toBe(0);
  });

  it('keeps a job enqueued while no process runs the queue, and runs it after a restart', async () => {
    await queue?.stop();
    await enqueueJob(database.db, { task: 'remember', payload: { marker: 'while-stopped' } });
    const ran = ranWith('while-stopped');
    queue = await startQueue();
    await ran;
    expect(runs.at(-1)).toMatchObject({ task: 'remember', attempts: 1 });
  });

  it('retries a failed attempt with back-off and stops after it succeeds', async () => {
    const recovered = ranWith('flaky');
    await enqueueJob(database.db, { task: 'flaky', payload: { marker: 'flaky' }, maxAttempts: 3 });
    await recovered;
    expect(runs.filter((run) => run.task === 'flaky').map((run) => run.attempts)).toEqual([1, 2]);
  }, 20_000);

  it('coalesces jobs that share a key while they wait', async () => {
    await queue?.stop();
    queue = undefined;
    const runAt = new Date(Date.now() + 60_000);
    for (const round of [1, 2, 3])
      await enqueueJob(database.db, { task: 'remember', payload: { round }, jobKey: 'nudge:one', runAt });
    const waiting = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE key = 'nudge:one'`.execute(database.db);
    expect(waiting.rows[0]?.count).toBe(1);
  });
});
