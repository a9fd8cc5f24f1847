import { sql } from 'kysely';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { type SeedOutcome, type SeedPhase, seedRegister } from '../packages/server/src/modules/register/seed';
import { openBenchDatabase, printTable } from './harness';

export interface SeedBenchmarkOptions {
  persons: number;
  json: boolean;
  /** An empty, migrated database to seed; without it the harness opens a fresh one. */
  connectionString?: string;
}

export interface SeedBenchmarkResult extends SeedOutcome {
  megabytes: number;
  phases: Partial<Record<SeedPhase, number>>;
}

const MEGABYTE = 1024 * 1024;

/** Heap, TOAST and indexes of the two tables a seed fills. */
async function storedMegabytes(db: Db): Promise<number> {
  const result = await sql<{ bytes: string }>`
    SELECT (pg_total_relation_size('person') + pg_total_relation_size('person_version'))::text
      AS bytes`.execute(db);
  return Number(result.rows[0]?.bytes ?? 0) / MEGABYTE;
}

async function measure(db: Db, connectionString: string, persons: number): Promise<SeedBenchmarkResult> {
  const phases: Partial<Record<SeedPhase, number>> = {};
  const outcome = await seedRegister(db, {
    connectionString,
    environment: 'test',
    persons,
    seed: 1,
    today: '2025-06-01',
    onPhase: (phase, seconds) => {
      phases[phase] = seconds;
    },
  });
  return { ...outcome, megabytes: await storedMegabytes(db), phases };
}

function report(result: SeedBenchmarkResult, json: boolean): void {
  const phaseRows = Object.entries(result.phases).map(([phase, seconds]): [string, string] => [
    `  ${phase} (s)`,
    seconds.toFixed(1),
  ]);
  printTable('seed: synthetic persons generated into an empty register', [
    ['persons', result.persons],
    ['seconds', result.seconds.toFixed(1)],
    ...phaseRows,
    ['persons per second', Math.round(result.personsPerSecond)],
    ['MB (person + person_version, with indexes)', Math.round(result.megabytes)],
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
