import http from 'node:http';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../packages/server/src/app';
import { readConfig } from '../packages/server/src/config';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { startFeedSequencer } from '../packages/server/src/modules/register/feed-sequencer';
import { seedRegister } from '../packages/server/src/modules/register/seed';
import { simulateLifeEvents } from '../packages/server/src/modules/register/simulation';
import { createLoggerOptions } from '../packages/server/src/observability/logger';
import { explainFeed } from './feed-plans';
import { createMonitorClient, createMonitors, type Monitor, setFanOut, subscribeInBulk } from './feed-setup';
import { openBenchDatabase, printTable } from './harness';
import { ownCpuSeconds, postgresCpuReader, processCpuSeconds } from './process-cpu';
import { profiled } from './profile';
import { startBenchServer } from './query-server';
import { fetchAccessToken } from './query-setup';

export interface FeedBenchmarkOptions {
  persons: number;
  subscriptions: number;
  organisations: number;
  /** Life events recorded with the subscriptions present. */
  events: number;
  /** Events per overhead measurement (two with the fan-out, two without, alternating). */
  overheadEvents: number;
  concurrency: number;
  json: boolean;
  /** Print EXPLAIN (ANALYZE, BUFFERS) of the feed's statements at this size. */
  plans?: boolean;
  /** Where to say which phase is running (the table comes only at the end). */
  onProgress?: (phase: string) => void;
  /** Profile each whole-feed read into this directory (`<read>.cpuprofile`) and print its top self time. */
  profileDir?: string;
  /** An empty, migrated database; without it the harness opens a fresh one. */
  connectionString?: string;
}

interface CpuPerPage {
  server: number | null;
  postgres: number | null;
  consumer: number;
}

export interface FeedBenchmarkResult {
  subscriptions: number;
  changesRead: number;
  pages: number;
  changesPerSec: number;
  rereadChangesPerSec: number;
  /** CPU per page of the first read, in ms: the server process, PostgreSQL, the consumer (null where unreadable). */
  cpuMsPerPage: CpuPerPage;
  /** The same for the re-read, which audits nothing: the difference is what the audit costs. */
  rereadCpuMsPerPage: CpuPerPage;
  /** The client's JSON.parse of one page, first read. */
  parseMsPerPage: number;
  kilobytesPerPage: number;
  eventsPerSecWithout: number;
  eventsPerSecWith: number;
  eventOverheadPct: number;
  fanOutRows: number;
}

const publicBaseUrl = 'https://fpr.bench.invalid';

/**
 * `feed`: a register with many monitoring subscriptions. Life events are recorded through the
 * register service (the simulator's realistic mix) with the feed sealer — and with it the fan-out
 * to subscribing organisations — running; their cost is compared with the fan-out switched off,
 * alternating on one database. Then one organisation reads its whole feed over HTTP, as a
 * consumer would: first delivery (audited), then a re-read.
 */
export async function runFeedBenchmark(options: FeedBenchmarkOptions): Promise<FeedBenchmarkResult> {
  const bench = options.connectionString ? external(options.connectionString) : await openBenchDatabase();
  try {
    const { db } = bench;
    const progress = options.onProgress ?? (() => {});
    progress('seeding the register');
    await seedRegister(db, {
      connectionString: bench.connectionString,
      environment: 'test',
      persons: options.persons,
      seed: 11,
    });
    progress('organisations and subscriptions');
    const monitors = await createMonitors(db, options.organisations);
    const subscriptions = await subscribeInBulk(
      db,
      monitors,
      Math.floor(options.subscriptions / options.organisations),
    );
    await settle(db);
    progress('life events with the fan-out off and on');
    const overhead = await measureOverhead(db, options);
    progress('the remaining life events');
    const rest = Math.max(0, options.events - 2 * options.overheadEvents);
    if (rest > 0) await recordEvents(db, options, rest, 99);
    await settle(db);
    progress('reading one organisation’s feed');
    const reader = await busiestMonitor(db, monitors);
    const read = await readWholeFeed(bench, reader, options.profileDir);
    const fanOutRows = await count(db, 'monitoring_change');
    if (options.plans)
      for (const [title, plan] of await explainFeed(db, reader)) console.log(`\n${title}\n${plan}`);
    const result = { subscriptions, ...overhead, ...read, fanOutRows };
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

async function settle(db: Db): Promise<void> {
  await sql`VACUUM ANALYZE`.execute(db);
  await sql`CHECKPOINT`.execute(db);
}

async function count(db: Db, table: 'monitoring_change'): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Records events through the service and waits until they are sealed (and fanned out): events per second. */
async function recordEvents(
  db: Db,
  options: FeedBenchmarkOptions,
  events: number,
  seed: number,
): Promise<number> {
  const sequencer = startFeedSequencer(db, { onError: (error) => console.error(error) });
  const ctx = { db, now: () => new Date(), actor: 'bench', onCommitted: sequencer.nudge };
  const started = performance.now();
  const outcome = await simulateLifeEvents(ctx, {
    environment: 'test',
    concurrency: options.concurrency,
    events,
    seed,
  });
  await sequencer.flush();
  const seconds = (performance.now() - started) / 1000;
  await sequencer.stop();
  return outcome.recorded / seconds;
}

/** Without, with, without, with: the same database, so only the fan-out differs. */
async function measureOverhead(db: Db, options: FeedBenchmarkOptions) {
  const warmUp = Math.min(200, options.overheadEvents);
  await recordEvents(db, options, warmUp, 1);
  const without: number[] = [];
  const withFanOut: number[] = [];
  for (const [round, isOn] of [false, true, false, true].entries()) {
    await setFanOut(db, isOn);
    await sql`CHECKPOINT`.execute(db);
    const rate = await recordEvents(db, options, options.overheadEvents, 10 + round);
    (isOn ? withFanOut : without).push(rate);
  }
  await setFanOut(db, true);
  const eventsPerSecWithout = mean(without);
  const eventsPerSecWith = mean(withFanOut);
  return {
    eventsPerSecWithout,
    eventsPerSecWith,
    eventOverheadPct: (eventsPerSecWithout / eventsPerSecWith - 1) * 100,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The monitor with the most changes in its feed: the heaviest whole-feed read. */
async function busiestMonitor(db: Db, monitors: readonly Monitor[]): Promise<Monitor> {
  const result = await sql<{ organisationId: string }>`
    SELECT organisation_id FROM monitoring_change GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 1`.execute(
    db,
  );
  const id = result.rows[0]?.organisationId;
  return monitors.find((monitor) => monitor.organisationId === id) ?? (monitors[0] as Monitor);
}

/** Pages of 1,000 over HTTP with `after=lastSequence` until the head: first delivery, then a re-read. */
async function readWholeFeed(
  { db, connectionString }: { db: Db; connectionString: string },
  monitor: Monitor,
  profileDir?: string,
) {
  const api = profileDir ? await startApiHere(db) : await startApiProcess(connectionString);
  try {
    const client = await createMonitorClient(db, monitor);
    const token = await fetchAccessToken(api.baseUrl, publicBaseUrl, client);
    const postgresCpu = await postgresCpuReader(db);
    const read = async (name: string) => {
      const cpu = () => ({
        server: api.pid === undefined ? null : processCpuSeconds(api.pid),
        postgres: postgresCpu(),
        consumer: ownCpuSeconds(),
      });
      const before = cpu();
      const pages = await profiled(profileDir, name, () => readPages(api.baseUrl, token));
      const after = cpu();
      const perPage = (from: number | null, to: number | null) =>
        from === null || to === null ? null : ((to - from) * 1000) / pages.pages;
      return {
        ...pages,
        cpuMsPerPage: {
          server: perPage(before.server, after.server),
          postgres: perPage(before.postgres, after.postgres),
          consumer: ((after.consumer - before.consumer) * 1000) / pages.pages,
        },
      };
    };
    const first = await read('feed-first-read');
    const again = await read('feed-reread');
    if (again.changes !== first.changes) throw new Error('a re-read found a different number of changes');
    return {
      changesRead: first.changes,
      pages: first.pages,
      changesPerSec: first.changes / first.seconds,
      rereadChangesPerSec: again.changes / again.seconds,
      cpuMsPerPage: first.cpuMsPerPage,
      rereadCpuMsPerPage: again.cpuMsPerPage,
      parseMsPerPage: first.parseMs / first.pages,
      kilobytesPerPage: first.bytes / first.pages / 1024,
    };
  } finally {
    await api.close();
  }
}

/**
 * Reads page after page as a consumer would, pipelined: as soon as a page's headers arrive, its
 * `Link: rel="next"` asks for the next page (on the agent's second connection), so the server
 * builds that one while this one is received and parsed. Every page is parsed, as a consumer must;
 * the parse is timed apart, since it runs in this process on the same two cores and is a cost of
 * the consumer, not of the server. The client is `node:http`: `fetch` cost the consumer more CPU
 * per page than the parse itself (its web streams and text decoding), CPU the server then lacked.
 */
async function readPages(baseUrl: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const get = (path: string) => {
    const answer = requestPage(agent, `${baseUrl}${path}`, token);
    // Awaited on the next turn of the loop; until then a failure must not count as unhandled.
    answer.catch(() => {});
    return answer;
  };
  let changes = 0;
  let pages = 0;
  let parseMs = 0;
  let bytes = 0;
  const started = performance.now();
  let pending = get('/api/v1/monitoring/changes?after=0&limit=1000');
  try {
    for (;;) {
      const response = await pending;
      if (response.status !== 200)
        throw new Error(`feed refused: ${response.status} ${(await response.body).toString()}`);
      pending = get(nextPath(response.link));
      const body = await response.body;
      const parsing = performance.now();
      const page = JSON.parse(body.toString()) as {
        changes: unknown[];
        lastSequence: number;
        headSequence: number;
      };
      parseMs += performance.now() - parsing;
      bytes += body.length;
      pages += 1;
      changes += page.changes.length;
      if (page.changes.length === 0 && page.lastSequence >= page.headSequence) break;
    }
    const seconds = (performance.now() - started) / 1000;
    // The request already asked past the head: a consumer's next poll, answered and let go.
    await (await pending).body;
    return { changes, pages, seconds, parseMs, bytes };
  } finally {
    agent.destroy();
  }
}

interface PageAnswer {
  status: number;
  link: string | null;
  /** The whole body, as the bytes received. */
  body: Promise<Buffer>;
}

/** One GET: resolves when the answer's headers arrive; its body follows. */
function requestPage(agent: http.Agent, url: string, token: string): Promise<PageAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      const body = new Promise<Buffer>((done, fail) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(Buffer.concat(chunks)));
        response.on('error', fail);
      });
      body.catch(() => {});
      const link = response.headers.link;
      resolve({ status: response.statusCode ?? 0, link: typeof link === 'string' ? link : null, body });
    });
    request.on('error', reject);
  });
}

/** The path of `Link: <…>; rel="next"`. */
function nextPath(link: string | null): string {
  const path = /^<([^>]+)>; rel="next"$/.exec(link ?? '')?.[1];
  if (!path) throw new Error(`the feed named no next page: ${link}`);
  return path;
}

/**
 * The server in a process of its own, as a deployment runs it (the query benchmark's: the bundled
 * server with `npm start`'s Node flags and its audit sealer), so consumer and server each have a
 * thread and a pipelined read overlaps them.
 */
async function startApiProcess(connectionString: string) {
  const server = await startBenchServer(connectionString, publicBaseUrl);
  return { baseUrl: server.baseUrl, pid: server.pid, close: async () => void (await server.stop()) };
}

/**
 * The server in this process, for `--profile`: one profile then covers server and consumer, which
 * share the thread, so the rates are lower than with the server apart.
 */
async function startApiHere(db: Db) {
  const config = readConfig({ NODE_ENV: 'production', LOG_LEVEL: 'info', PUBLIC_BASE_URL: publicBaseUrl });
  const logger = pino(
    createLoggerOptions(config.logLevel),
    pino.destination({ dest: '/dev/null', sync: false }),
  );
  const app = await buildApp({ config, db, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  // No pid: the server's CPU is this process's, counted as the consumer's.
  return { baseUrl: `http://127.0.0.1:${address.port}`, pid: undefined, close: () => app.close() };
}

function report(options: FeedBenchmarkOptions, result: FeedBenchmarkResult): void {
  printTable('feed: monitoring fan-out and whole-feed reads', [
    ['register size (persons)', options.persons],
    ['organisations', options.organisations],
    ['subscriptions', result.subscriptions],
    ['life events with subscriptions (service)', options.events],
    ['fan-out rows (changes in all feeds)', result.fanOutRows],
    ['events/s recorded + sealed, fan-out off', Math.round(result.eventsPerSecWithout)],
    ['events/s recorded + sealed, fan-out on', Math.round(result.eventsPerSecWith)],
    ['eventOverheadPct (target <= 20)', result.eventOverheadPct.toFixed(1)],
    ['one organisation: changes read', result.changesRead],
    ['pages of 1,000 over HTTP', result.pages],
    ['changesPerSec, first delivery (target >= 50,000)', Math.round(result.changesPerSec)],
    ['changesPerSec, re-read', Math.round(result.rereadChangesPerSec)],
    ['  page size (kB)', Math.round(result.kilobytesPerPage)],
    ['  client JSON.parse per page (ms)', result.parseMsPerPage.toFixed(1)],
    ['  CPU per page, first read (ms): server / PostgreSQL / consumer', cpuLine(result.cpuMsPerPage)],
    ['  CPU per page, re-read (ms): server / PostgreSQL / consumer', cpuLine(result.rereadCpuMsPerPage)],
  ]);
  if (!options.json) return;
  console.log(
    JSON.stringify({
      benchmark: 'feed',
      persons: options.persons,
      subscriptions: result.subscriptions,
      organisations: options.organisations,
      events: options.events,
      changesRead: result.changesRead,
      changesPerSec: Math.round(result.changesPerSec),
      rereadChangesPerSec: Math.round(result.rereadChangesPerSec),
      parseMsPerPage: Number(result.parseMsPerPage.toFixed(2)),
      eventOverheadPct: Number(result.eventOverheadPct.toFixed(1)),
    }),
  );
}

function cpuLine(cpu: CpuPerPage): string {
  return [cpu.server, cpu.postgres, cpu.consumer]
    .map((ms) => (ms === null ? '-' : ms.toFixed(1)))
    .join(' / ');
}
