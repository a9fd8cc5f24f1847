import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { type SeedOutcome, type SeedPhase, seedRegister } from '../packages/server/src/modules/register/seed';
import { openBenchDatabase, printTable } from './harness';
import { type CpuSample, cpuReader } from './process-cpu';

export interface SeedBenchmarkOptions {
  persons: number;
  json: boolean;
  /** An empty, migrated database to seed; without it the harness opens a fresh one. */
  connectionString?: string;
}

export interface PhaseFigures {
  seconds: number;
  /** CPU seconds of the Node process during the phase. */
  nodeCpu: number;
  /** CPU seconds of the whole PostgreSQL cluster during the phase; null when not on this machine. */
  postgresCpu: number | null;
}

export interface SeedBenchmarkResult extends SeedOutcome {
  megabytes: number;
  phases: Partial<Record<SeedPhase, PhaseFigures>>;
  loadAverage: number;
}

const MEGABYTE = 1024 * 1024;

/** Heap, TOAST and indexes of the two tables a seed fills. */
async function storedMegabytes(db: Db): Promise<number> {
  const result = await sql<{ bytes: string }>`
    SELECT (pg_total_relation_size('person') + pg_total_relation_size('person_version'))::text
      AS bytes`.execute(db);
  return Number(result.rows[0]?.bytes ?? 0) / MEGABYTE;
}

function difference(after: CpuSample, before: CpuSample, seconds: number): PhaseFigures {
  const postgresCpu =
    after.postgresSeconds === null || before.postgresSeconds === null
      ? null
      : after.postgresSeconds - before.postgresSeconds;
  return { seconds, nodeCpu: after.nodeSeconds - before.nodeSeconds, postgresCpu };
}

async function measure(db: Db, connectionString: string, persons: number): Promise<SeedBenchmarkResult> {
  const phases: Partial<Record<SeedPhase, PhaseFigures>> = {};
  const readCpu = await cpuReader(db);
  let last = readCpu();
  const outcome = await seedRegister(db, {
    connectionString,
    environment: 'test',
    persons,
    seed: 1,
    today: '2025-06-01',
    onPhase: (phase, seconds) => {
      const now = readCpu();
      phases[phase] = difference(now, last, seconds);
      last = now;
    },
  });
  return { ...outcome, megabytes: await storedMegabytes(db), phases, loadAverage: loadavg()[0] ?? 0 };
}

function cpuText(seconds: number | null): string {
  return seconds === null ? '-' : seconds.toFixed(1);
}

function phaseRow(phase: string, figures: PhaseFigures, persons: number): [string, string] {
  const perPerson = (cpu: number | null) =>
    cpu === null || persons === 0 ? '-' : ((cpu * 1e6) / persons).toFixed(0);
  return [
    `  ${phase}`,
    `${figures.seconds.toFixed(1)} s; CPU Node ${cpuText(figures.nodeCpu)} s ` +
      `(${perPerson(figures.nodeCpu)} µs/person), PostgreSQL ${cpuText(figures.postgresCpu)} s ` +
      `(${perPerson(figures.postgresCpu)} µs/person)`,
  ];
}

function report(result: SeedBenchmarkResult, json: boolean): void {
  const phaseRows = Object.entries(result.phases).map(([phase, figures]) =>
    phaseRow(phase, figures, result.persons),
  );
  printTable('seed: synthetic persons generated into an empty register', [
    ['persons', result.persons],
    ['seconds', result.seconds.toFixed(1)],
    ...phaseRows,
    ['persons per second', Math.round(result.personsPerSecond)],
    ['MB (person + person_version, with indexes)', Math.round(result.megabytes)],
    ['load average (1 min) at the end', result.loadAverage.toFixed(2)],
  ]);
  if (!json) return;
  console.log(
    JSON.stringify({
      benchmark: 'seed',
      persons: result.persons,
      seconds: Number(result.seconds.toFixed(3)),
      personsPerSec: Math.round(result.personsPerSecond),
      megabytes: Math.round(result.megabytes),
    }),
  );
}

/**
 * `seed`: persons per second when generating a synthetic register into an empty environment,
 * end to end (generation, COPY, index rebuild, ANALYZE).
 */
export async function runSeedBenchmark(options: SeedBenchmarkOptions): Promise<SeedBenchmarkResult> {
  const given = options.connectionString;
  const bench = given
    ? {
        db: createDatabase({ connectionString: given, maxConnections: 2 }),
        connectionString: given,
        close: undefined,
      }
    : await openBenchDatabase();
  try {
    const result = await measure(bench.db, bench.connectionString, options.persons);
    report(result, options.json);
    return result;
  } finally {
    if (bench.close) await bench.close();
    else await bench.db.destroy();
  }
}
