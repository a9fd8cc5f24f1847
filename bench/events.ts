import type { PersonRecord } from '@fpr/contract';
import { sql } from 'kysely';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { startFeedSequencer } from '../packages/server/src/modules/register/feed-sequencer';
import { writeChanges } from '../packages/server/src/modules/register/register.repository';
import { seedRegister } from '../packages/server/src/modules/register/seed';
import { simulateLifeEvents } from '../packages/server/src/modules/register/simulation';
import { openBenchDatabase, printTable } from './harness';
import { cpuReader } from './process-cpu';

export interface EventsBenchmarkOptions {
  persons: number;
  events: number;
  concurrency: number;
  json: boolean;
  /** An empty, migrated database; without it the harness opens a fresh one. */
  connectionString?: string;
}

export interface EventsBenchmarkResult {
  eventsPerSec: number;
  /** CPU per recorded event of this process (service, simulator, sealer) and of PostgreSQL; null when not readable. */
  nodeCpuMsPerEvent: number;
  postgresCpuMsPerEvent: number | null;
  /** The same number of one-person writes straight through the write statement: the ceiling. */
  ceilingPerSec: number;
  recorded: number;
  refused: number;
}

/**
 * `events`: life events per second sustained through the register service (plan from a fresh
 * read, both sides of every relation, one write statement per event, the feed sealed as it goes)
 * on a seeded register — beside its ceiling measured in the same run: the bare write statement
 * for one person per event, with no read, no planning and no sampling.
 */
export async function runEventsBenchmark(options: EventsBenchmarkOptions): Promise<EventsBenchmarkResult> {
  const bench = options.connectionString ? external(options.connectionString) : await openBenchDatabase();
  try {
    await seedRegister(bench.db, {
      connectionString: bench.connectionString,
      environment: 'test',
      persons: options.persons,
      seed: 7,
    });
    await settle(bench.db);
    const service = await measureService(bench.db, options);
    await settle(bench.db);
    const ceilingPerSec = await measureCeiling(bench.db, options);
    const result = { ...service, ceilingPerSec };
    report(options, result);
    return result;
  } finally {
    await bench.close();
  }
}

function external(connectionString: string) {
  const db = createDatabase({ connectionString, maxConnections: 32 });
  return { db, connectionString, close: () => db.destroy() };
}

/** The load's checkpoint and vacuum would otherwise land in the middle of the measurement. */
async function settle(db: Db): Promise<void> {
  await sql`VACUUM ANALYZE person`.execute(db);
  await sql`CHECKPOINT`.execute(db);
}

async function measureService(db: Db, options: EventsBenchmarkOptions) {
  const sequencer = startFeedSequencer(db, { onError: (error) => console.error(error) });
  const ctx = { db, now: () => new Date(), actor: 'bench', onCommitted: sequencer.nudge };
  const settings = { environment: 'test' as const, concurrency: options.concurrency };
  // Warm-up: connections open, plans cached.
  await simulateLifeEvents(ctx, { ...settings, events: Math.min(200, options.events), seed: 1 });
  const cpu = await cpuReader(db);
  const before = cpu();
  const outcome = await simulateLifeEvents(ctx, { ...settings, events: options.events, seed: 2 });
  await sequencer.stop();
  const after = cpu();
  const perEvent = (seconds: number) => (seconds * 1000) / Math.max(1, outcome.recorded);
  return {
    eventsPerSec: outcome.eventsPerSecond,
    recorded: outcome.recorded,
    refused: outcome.refused,
    nodeCpuMsPerEvent: perEvent(after.nodeSeconds - before.nodeSeconds),
    postgresCpuMsPerEvent:
      after.postgresSeconds === null || before.postgresSeconds === null
        ? null
        : perEvent(after.postgresSeconds - before.postgresSeconds),
  };
}

async function measureCeiling(db: Db, options: EventsBenchmarkOptions): Promise<number> {
  const rows = await db
    .selectFrom('person')
    .select(['id', 'version', 'data'])
    .where('status', '=', 'active')
    .limit(5000)
    .execute();
  const persons = rows.map((row) => ({ id: row.id, version: row.version, record: row.data as PersonRecord }));
  let next = 0;
  const started = performance.now();
  const writer = async () => {
    while (next < options.events) {
      const person = persons[next++ % persons.length];
      if (!person) return;
      person.record.residence.foreignAddress = { country: 'DEU', text: `Berlin ${next}` };
      await writeChanges(db, [
        {
          environment: 'test',
          personId: person.id,
          expectedVersion: person.version,
          record: person.record,
          type: 'correction',
          changedScopes: ['residence'],
          previousPersonalCode: null,
          effectiveDate: '2026-01-01',
          details: {},
          recordedBy: 'bench',
        },
      ]);
      person.version += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, writer));
  return options.events / ((performance.now() - started) / 1000);
}

function report(options: EventsBenchmarkOptions, result: EventsBenchmarkResult): void {
  printTable('events: life events through the register service', [
    ['register size (persons)', options.persons],
    ['concurrent writers', options.concurrency],
    ['events recorded', result.recorded],
    ['refused by the register (races)', result.refused],
    ['service: events per second', Math.round(result.eventsPerSec)],
    ['  CPU per event: Node (service, simulator, sealer), ms', result.nodeCpuMsPerEvent.toFixed(2)],
    ['  CPU per event: PostgreSQL, ms', result.postgresCpuMsPerEvent?.toFixed(2) ?? 'not readable'],
    ['ceiling: bare write statement per second', Math.round(result.ceilingPerSec)],
    ['service / ceiling', (result.eventsPerSec / result.ceilingPerSec).toFixed(2)],
  ]);
  if (!options.json) return;
  console.log(
    JSON.stringify({
      benchmark: 'events',
      persons: options.persons,
      concurrency: options.concurrency,
      eventsPerSec: Math.round(result.eventsPerSec),
      ceilingPerSec: Math.round(result.ceilingPerSec),
      ratio: Number((result.eventsPerSec / result.ceilingPerSec).toFixed(3)),
      nodeCpuMsPerEvent: Number(result.nodeCpuMsPerEvent.toFixed(3)),
      postgresCpuMsPerEvent:
        result.postgresCpuMsPerEvent === null ? null : Number(result.postgresCpuMsPerEvent.toFixed(3)),
    }),
  );
}
