import { fork } from 'node:child_process';
import { sql } from 'kysely';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { seedRegister } from '../packages/server/src/modules/register/seed';
import { openBenchDatabase, printTable } from './harness';
import {
  machineTicks,
  ownCpuSeconds,
  postgresCpuReader,
  processCpuSeconds,
  stolenShare,
} from './process-cpu';
import { type CeilingOutcome, findPgbench, measureCeiling, pgbenchInstallHint } from './query-ceiling';
import { startFloorServer } from './query-floor';
import type { LoadOutcome, LoadPlan } from './query-load';
import { type BenchServer, type MemoryFigures, type ServerMemory, startBenchServer } from './query-server';
import {
  createQueryCustomer,
  fetchAccessToken,
  type QueryCustomer,
  queriedFields,
  sampleCodes,
} from './query-setup';

export interface QueryBenchmarkOptions {
  persons: number;
  /** Length of each measured run. */
  seconds: number;
  /** Concurrent HTTP connections, and pgbench clients. */
  connections: number;
  json: boolean;
  /** An empty, migrated database; without it the harness opens a fresh one. */
  connectionString?: string;
}

export interface QueryBenchmarkResult {
  ceilingRps: number | null;
  floorRps: number;
  apiRps: number;
  ratioToCeiling: number | null;
  /** p99 of the API at half its peak rate. */
  p99Ms: number;
  /**
   * p99 of pgbench's transaction started at that same rate, in the same run: what the database alone
   * keeps on this machine at that moment, for comparison with `p99Ms`; null without pgbench.
   */
  ceilingP99AtHalfMs: number | null;
  batchPersonsPerSec: number;
  /** Peak resident memory of the server process during the API's runs. */
  rssMb: number;
}

/** CPU per request of one run, each process by its own clock: holds while other work shares the machine. */
interface CpuPerRequest {
  /** The process serving the requests (the bench's own for the floor); null for pgbench. */
  serverMs: number | null;
  /** The whole PostgreSQL cluster; null when it is not a process of this machine. */
  postgresMs: number | null;
  /** The HTTP load generator (pgbench's own client is not read): null for pgbench. */
  generatorMs: number | null;
  /**
   * The share of the machine's CPU time a hypervisor gave to other guests during the run: stolen
   * time stalls every process at random moments, which shows in the latencies, not in the CPU figures.
   */
  stolen: number | null;
}

type Measured<T> = T & { cpu: CpuPerRequest };

interface Runs {
  ceiling: Measured<CeilingOutcome> | null;
  /** pgbench open-loop at the API's half-peak rate, right after the API's run at that rate. */
  ceilingHalf: Measured<CeilingOutcome> | null;
  floor: Measured<LoadOutcome>;
  api: Measured<LoadOutcome>;
  apiHalf: Measured<LoadOutcome>;
  batch: Measured<LoadOutcome>;
}

const batchSize = 100;
const sampledCodes = 20_000;
const publicBaseUrl = 'https://fpr.bench.invalid';

/**
 * `query`: single-person queries through the HTTP API (real access token, purpose binding, state
 * fee, audit) against, in the same run and on the same database, the ceiling — pgbench running the
 * same read + charge + audit transaction straight in SQL — and the floor — a minimal handler
 * sending those three statements one by one. Then the API at half its peak rate (p99) and with
 * 100-code batches (persons per second). The audit sealer runs throughout, as in production.
 */
export async function runQueryBenchmark(options: QueryBenchmarkOptions): Promise<QueryBenchmarkResult> {
  const bench = options.connectionString ? external(options.connectionString) : await openBenchDatabase();
  try {
    await seedRegister(bench.db, {
      connectionString: bench.connectionString,
      environment: 'production',
      persons: options.persons,
      seed: 11,
    });
    const customer = await createQueryCustomer(bench.db);
    const codes = await sampleCodes(bench.db, Math.min(sampledCodes, options.persons));
    await sql`VACUUM ANALYZE person`.execute(bench.db);
    const runs = await measureAll(bench.db, bench.connectionString, customer, codes, options);
    const result = summarise(runs, runs.memory.rssMb);
    report(options, runs, result);
    return result;
  } finally {
    await bench.close();
  }
}

function external(connectionString: string) {
  const db = createDatabase({ connectionString, maxConnections: 32 });
  return { db, connectionString, close: () => db.destroy() };
}

async function measureAll(
  db: Db,
  connectionString: string,
  customer: QueryCustomer,
  codes: string[],
  options: QueryBenchmarkOptions,
): Promise<Runs & { memory: ServerMemory }> {
  const pgbench = await findPgbench();
  if (!pgbench) console.log(pgbenchInstallHint);
  // The server process runs from here on, so its audit sealer links every run's records.
  const api = await startBenchServer(connectionString, publicBaseUrl);
  try {
    return await measureRuns({ db, connectionString, customer, codes, options, pgbench, api });
  } finally {
    await api.stop();
  }
}

interface Measurement {
  db: Db;
  connectionString: string;
  customer: QueryCustomer;
  codes: string[];
  options: QueryBenchmarkOptions;
  pgbench: string | undefined;
  api: BenchServer;
}

async function measureRuns(m: Measurement): Promise<Runs & { memory: ServerMemory }> {
  const { db, connectionString, customer, codes, pgbench, api } = m;
  const { seconds, connections } = m.options;
  const postgresCpu = await postgresCpuReader(db);
  const apiCpu = () => processCpuSeconds(api.pid);
  const ceilingRun = async (rate?: number) => {
    if (!pgbench) return null;
    await checkpoint(db);
    return measured(postgresCpu, null, () =>
      measureCeiling(pgbench, {
        connectionString,
        customer,
        codes: codes.length,
        connections,
        seconds,
        rate,
      }),
    );
  };
  const ceiling = await ceilingRun();

  const floorServer = await startFloorServer(db, customer);
  const base = { headers: {}, template: {}, codes, codesPerRequest: 1, connections };
  let floor: Measured<LoadOutcome>;
  try {
    await load({ ...base, url: floorServer.url, seconds: warmUpSeconds(seconds) });
    await checkpoint(db);
    floor = await measured(postgresCpu, ownCpuSeconds, () =>
      load({ ...base, url: floorServer.url, seconds }),
    );
  } finally {
    await floorServer.close();
  }

  api.sample();
  const plan = async (): Promise<Omit<LoadPlan, 'seconds'>> => ({
    ...base,
    url: `${api.baseUrl}/api/v1/persons/query`,
    headers: { authorization: `Bearer ${await fetchAccessToken(api.baseUrl, publicBaseUrl, customer)}` },
    template: { purposeId: customer.purposeId, type: 'byPersonalCode', fields: queriedFields },
  });
  const apiRun = async (extra: Partial<LoadPlan>) => {
    const ready = { ...(await plan()), seconds, ...extra };
    await checkpoint(db);
    return measured(postgresCpu, apiCpu, () => load(ready));
  };
  await load({ ...(await plan()), seconds: warmUpSeconds(seconds) });
  const peak = await apiRun({});
  const halfRate = Math.max(1, Math.round(peak.requests / peak.seconds / 2));
  const apiHalf = await apiRun({ overallRate: halfRate });
  const ceilingHalf = await ceilingRun(halfRate);
  const batch = await apiRun({ codesPerRequest: batchSize });
  return { ceiling, ceilingHalf, floor, api: peak, apiHalf, batch, memory: await api.stop() };
}

/** Runs `work` and adds the CPU it took per request (or per pgbench transaction). */
async function measured<T extends { requests?: number; transactions?: number; generatorCpuSeconds?: number }>(
  postgresCpu: () => number | null,
  serverCpu: (() => number | null) | null,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const before = { postgres: postgresCpu(), server: serverCpu?.() ?? null, machine: machineTicks() };
  const outcome = await work();
  const after = { postgres: postgresCpu(), server: serverCpu?.() ?? null, machine: machineTicks() };
  const requests = outcome.requests ?? outcome.transactions ?? 0;
  const perRequest = (from: number | null, to: number | null) =>
    from === null || to === null || requests <= 0 ? null : ((to - from) * 1000) / requests;
  return {
    ...outcome,
    cpu: {
      serverMs: perRequest(before.server, after.server),
      postgresMs: perRequest(before.postgres, after.postgres),
      generatorMs:
        outcome.generatorCpuSeconds === undefined ? null : perRequest(0, outcome.generatorCpuSeconds),
      stolen: stolenShare(before.machine, after.machine),
    },
  };
}

function warmUpSeconds(seconds: number): number {
  return Math.max(1, Math.round(seconds / 5));
}

/** Each run starts after a checkpoint, so none pays for another's dirty pages. */
async function checkpoint(db: Db): Promise<void> {
  await sql`CHECKPOINT`.execute(db);
}

/** Runs one load in a child process, so the generator's CPU and memory are not the server's. */
function load(plan: LoadPlan): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./query-load.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: { outcome?: LoadOutcome; error?: string }) => {
      if (message.outcome) resolve(message.outcome);
      else reject(new Error(`load generator: ${message.error ?? 'no outcome'}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
    child.send(plan);
  });
}

function rate(outcome: LoadOutcome): number {
  return outcome.requests / outcome.seconds;
}

function summarise(runs: Runs, rssMb: number): QueryBenchmarkResult {
  const apiRps = rate(runs.api);
  const ceilingRps = runs.ceiling?.rps ?? null;
  return {
    ceilingRps: ceilingRps === null ? null : Math.round(ceilingRps),
    floorRps: Math.round(rate(runs.floor)),
    apiRps: Math.round(apiRps),
    ratioToCeiling: ceilingRps === null ? null : Number((apiRps / ceilingRps).toFixed(3)),
    p99Ms: runs.apiHalf.p99Ms,
    ceilingP99AtHalfMs: runs.ceilingHalf?.p99Ms ?? null,
    batchPersonsPerSec: Math.round(rate(runs.batch) * batchSize),
    rssMb: Math.round(rssMb),
  };
}

function report(
  options: QueryBenchmarkOptions,
  runs: Runs & { memory: ServerMemory },
  result: QueryBenchmarkResult,
): void {
  const failures = runs.floor.failures + runs.api.failures + runs.apiHalf.failures + runs.batch.failures;
  const latency = (outcome: { p50Ms: number; p99Ms: number } | null) =>
    outcome ? `p50 ${outcome.p50Ms.toFixed(1)} ms, p99 ${outcome.p99Ms.toFixed(1)} ms` : 'n/a';
  printTable('query: single-person queries, charge + audit + read, one database', [
    ['register size (production persons)', options.persons],
    ['concurrent connections (HTTP and pgbench)', options.connections],
    ['seconds per run', options.seconds],
    ['(a) ceiling: pgbench, same transaction (tx/s)', result.ceilingRps ?? 'skipped (no pgbench)'],
    ['    latency', latency(runs.ceiling)],
    ['    CPU per transaction', cpuLine(runs.ceiling?.cpu ?? null)],
    ['(b) floor: minimal handler, 3 statements (req/s)', result.floorRps],
    ['    latency', latency(runs.floor)],
    ['    CPU per request', cpuLine(runs.floor.cpu)],
    ['(c) this API over HTTP (req/s)', result.apiRps],
    ['    latency at peak', latency(runs.api)],
    ['    CPU per request at peak', cpuLine(runs.api.cpu)],
    [
      `    latency at half the peak (${Math.round(rate(runs.apiHalf))} req/s, evenly spaced)`,
      latency(runs.apiHalf),
    ],
    ['    CPU per request at half the peak', cpuLine(runs.apiHalf.cpu)],
    ['    pgbench at that rate (Poisson arrivals), latency', latency(runs.ceilingHalf)],
    ['    100-code batches (persons/s)', result.batchPersonsPerSec],
    ['    batch latency', latency(runs.batch)],
    ['    CPU per 100-code request', cpuLine(runs.batch.cpu)],
    ['API / ceiling', result.ratioToCeiling ?? 'n/a'],
    ['floor / ceiling', runs.ceiling ? (result.floorRps / runs.ceiling.rps).toFixed(3) : 'n/a'],
    ['server RSS, peak (MB; the server process alone)', result.rssMb],
    ['    at the peak', memoryLine(runs.memory.peak)],
    ['    idle, before the API runs', memoryLine(runs.memory.idle)],
    ['failed requests (non-2xx or errors)', failures],
  ]);
  if (!options.json) return;
  console.log(JSON.stringify({ benchmark: 'query', persons: options.persons, ...result }));
}

function cpuLine(cpu: CpuPerRequest | null): string {
  if (!cpu) return 'n/a';
  const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)} ms`);
  const stolen = cpu.stolen === null ? '' : ` (machine: ${(cpu.stolen * 100).toFixed(1)} % stolen)`;
  if (cpu.serverMs === null) return `PostgreSQL ${ms(cpu.postgresMs)}${stolen}`;
  const generator = cpu.generatorMs === null ? '' : `, load generator ${ms(cpu.generatorMs)}`;
  return `server ${ms(cpu.serverMs)}, PostgreSQL ${ms(cpu.postgresMs)}${generator}${stolen}`;
}

function memoryLine(figures: MemoryFigures): string {
  const mb = (value: number) => Math.round(value);
  return `RSS ${mb(figures.rssMb)}, V8 heap ${mb(figures.heapUsedMb)} used of ${mb(figures.heapTotalMb)}, external ${mb(figures.externalMb)} (buffers ${mb(figures.arrayBuffersMb)}) MB`;
}
