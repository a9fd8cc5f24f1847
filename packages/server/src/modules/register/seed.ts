import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import pg from 'pg';
import type { CopyStreamQuery } from 'pg-copy-streams';
import type { Db } from '../../db/database';
import { rigaDate } from '../calendar/working-days';
import {
  analyzePersons,
  copyPersons,
  createIndexes,
  dropIndexes,
  hasPersons,
  lockSeeding,
  PersonCopyEncoder,
  type PersonIndex,
  personIndexes,
  unlockSeeding,
} from './seed.repository';
import { generatePopulation } from './synthetic/population';

export interface SeedOptions {
  /**
   * The database the load streams into. COPY … FROM STDIN needs a raw `pg` connection, which a
   * Kysely pool does not hand out, so the seed opens its own from this; `db` serves the early check.
   */
  connectionString: string;
  environment: Environment;
  persons: number;
  seed: number;
  /** The population's today (`YYYY-MM-DD`); defaults to the current UTC date. */
  today?: string;
  /** Called after each chunk with the number of persons sent so far. */
  onProgress?: (done: number) => void;
  /** From this many persons on, the person indexes are dropped and rebuilt around the load. */
  largeLoadFrom?: number;
  /** Called as each phase ends, with its duration: what a benchmark reports. */
  onPhase?: (phase: SeedPhase, seconds: number) => void;
}

export type SeedPhase = 'copy' | 'indexes' | 'analyze';

export interface SeedOutcome {
  persons: number;
  seconds: number;
  personsPerSecond: number;
}

/** Below this, keeping the indexes up to date row by row is cheaper than rebuilding them. */
const DEFAULT_LARGE_LOAD_FROM = 100_000;
// Rows go to PostgreSQL in chunks of about this many bytes: big enough to amortise the protocol,
// small enough that generating the next chunk overlaps with the server storing this one.
const CHUNK_BYTES = 1 << 19;

function refusal(environment: Environment): Error {
  return new Error(
    `The ${environment} environment already holds persons; seeding needs an empty environment ` +
      '(nothing was changed).',
  );
}

async function timed<T>(options: SeedOptions, phase: SeedPhase, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  options.onPhase?.(phase, (performance.now() - started) / 1000);
  return result;
}

/**
 * Generates a synthetic population into an empty environment, in one transaction: COPY into
 * `person` (each person at version 1, which lives there until a life event supersedes it), and
 * for a large load the person indexes dropped before and
 * rebuilt after (a rebuilt unique index fails loudly on a duplicate, rolling everything back);
 * then ANALYZE. Refuses (throws, changing nothing) when the environment holds persons. A large
 * load locks `person` against other sessions until it commits.
 */
export async function seedRegister(db: Db, options: SeedOptions): Promise<SeedOutcome> {
  if (!Number.isSafeInteger(options.persons) || options.persons < 0) {
    throw new RangeError('persons must be a non-negative integer');
  }
  const existing = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM person WHERE environment = ${options.environment}) AS found`.execute(db);
  if (existing.rows[0]?.found) throw refusal(options.environment);
  const started = performance.now();
  const client = new pg.Client({ connectionString: options.connectionString, application_name: 'fpr-seed' });
  await client.connect();
  try {
    await lockSeeding(client);
    // Checked again under the lock: a concurrent seed may have filled the environment meanwhile.
    if (await hasPersons(client, options.environment)) throw refusal(options.environment);
    const isLarge = options.persons >= (options.largeLoadFrom ?? DEFAULT_LARGE_LOAD_FROM);
    await loadInOneTransaction(client, options, isLarge ? personIndexes : []);
    await timed(options, 'analyze', () => analyzePersons(client));
  } finally {
    await unlockSeeding(client).catch(() => undefined);
    await client.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { persons: options.persons, seconds, personsPerSecond: seconds > 0 ? options.persons / seconds : 0 };
}

async function loadInOneTransaction(
  client: pg.Client,
  options: SeedOptions,
  indexes: readonly PersonIndex[],
): Promise<void> {
  await client.query('BEGIN');
  try {
    await dropIndexes(client, indexes);
    await timed(options, 'copy', () => copyPopulation(client, options));
    if (indexes.length > 0) await timed(options, 'indexes', () => createIndexes(client, indexes));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Streams the population into COPY; generating the next chunk overlaps with storing this one. */
async function copyPopulation(client: pg.Client, options: SeedOptions): Promise<void> {
  const copy = copyPersons(client);
  // Listening from the start: a COPY error must reject here, never surface as an unhandled event.
  const completion = finished(copy);
  completion.catch(() => undefined);
  try {
    let done = 0;
    for (const chunk of populationChunks(options)) {
      if (!copy.write(chunk.bytes)) await Promise.race([once(copy, 'drain'), completion]);
      done += chunk.count;
      options.onProgress?.(done);
    }
    copy.end();
    await completion;
  } catch (error) {
    abandon(copy, error);
    await completion.catch(() => undefined);
    throw error;
  }
}

// A COPY still open must be failed explicitly, or the connection would wait for rows forever.
function abandon(copy: CopyStreamQuery, reason: unknown): void {
  if (copy.writableFinished || copy.destroyed) return;
  try {
    copy.destroy(reason instanceof Error ? reason : new Error('seed aborted'));
  } catch {
    // The server already ended the COPY; the transaction's rollback cleans up.
  }
}

function* populationChunks(options: SeedOptions): Generator<{ bytes: Buffer; count: number }> {
  const today = options.today ?? rigaDate(new Date());
  const { environment, persons, seed } = options;
  const encoder = new PersonCopyEncoder();
  let count = 0;
  for (const person of generatePopulation({ environment, persons, seed, today })) {
    encoder.row(environment, person, JSON.stringify(person.record));
    count += 1;
    if (encoder.size >= CHUNK_BYTES) {
      yield { bytes: encoder.take(), count };
      count = 0;
    }
  }
  yield { bytes: Buffer.concat([encoder.take(), PersonCopyEncoder.end()]), count };
}
