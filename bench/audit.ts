import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import { insertAuditEvents, type NewAuditEvent } from '../packages/server/src/modules/audit/audit.repository';
import { sealAuditEvents, startAuditSealer } from '../packages/server/src/modules/audit/audit-sealer';
import { openBenchDatabase, printTable } from './harness';
import { cpuReader } from './process-cpu';

export interface AuditBenchmarkOptions {
  /** Audit records written in each of the two phases. */
  events: number;
  concurrency: number;
  json: boolean;
}

export interface AuditBenchmarkResult {
  /** Records committed per second by the writers while the sealer runs beside them. */
  insertsPerSec: number;
  /** Records linked per second from the first insert until the last record is sealed. */
  sealedPerSec: number;
  /** WAL written for the concurrent phase, per record. */
  walBytesPerEvent: number;
  /** A backlog of records sealed with no writers: the sealer's own rate. */
  backlogSealedPerSec: number;
  /** WAL written by the backlog's sealing alone, per record. */
  backlogWalBytesPerEvent: number;
  /** CPU of this process (the sealer's side) per record of the backlog, in microseconds. */
  backlogNodeCpuUsPerEvent: number;
  /** CPU of the whole PostgreSQL cluster per record of the backlog; null when not on this machine. */
  backlogPostgresCpuUsPerEvent: number | null;
  /** The log's tables and indexes after both phases (records and links), per record. */
  bytesPerEvent: number;
  loadAverage: number;
}

/**
 * `audit`: the access log's write path alone. Writers commit transactions of 1–100 records from
 * `concurrency` connections while the sealer links them (as the server runs it), then a backlog
 * written with no sealer is sealed alone. Reports records/s and WAL bytes per record of each.
 */
export async function runAuditBenchmark(options: AuditBenchmarkOptions): Promise<AuditBenchmarkResult> {
  const bench = await openBenchDatabase();
  try {
    await sql`CHECKPOINT`.execute(bench.db);
    const concurrent = await measureConcurrent(bench.db, options);
    await sql`CHECKPOINT`.execute(bench.db);
    const backlog = await measureBacklog(bench.db, options);
    const bytes = await logBytes(bench.db);
    const result: AuditBenchmarkResult = {
      ...concurrent,
      ...backlog,
      bytesPerEvent: Math.round(bytes / (2 * options.events)),
      loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
    };
    report(options, result);
    return result;
  } finally {
    await bench.close();
  }
}

async function measureConcurrent(db: Db, options: AuditBenchmarkOptions) {
  const sealer = startAuditSealer(db, { onError: (error) => console.error(error) });
  const startLsn = await currentLsn(db);
  const started = performance.now();
  await writeRecords(db, options, () => sealer.nudge());
  const written = performance.now();
  await sealer.stop();
  await sealAuditEvents(db);
  const sealed = performance.now();
  const walBytes = await walSince(db, startLsn);
  return {
    insertsPerSec: Math.round(options.events / ((written - started) / 1000)),
    sealedPerSec: Math.round(options.events / ((sealed - started) / 1000)),
    walBytesPerEvent: Math.round(walBytes / options.events),
  };
}

async function measureBacklog(db: Db, options: AuditBenchmarkOptions) {
  await writeRecords(db, options, () => {});
  await sql`CHECKPOINT`.execute(db);
  const startLsn = await currentLsn(db);
  const cpu = await cpuReader(db);
  const cpuBefore = cpu();
  const started = performance.now();
  const sealedCount = await sealAuditEvents(db);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpu();
  const walBytes = await walSince(db, startLsn);
  if (sealedCount !== options.events) throw new Error(`sealed ${sealedCount} of ${options.events} records`);
  const perEvent = (cpuSeconds: number) => Math.round((cpuSeconds * 1e6) / sealedCount);
  return {
    backlogSealedPerSec: Math.round(sealedCount / seconds),
    backlogWalBytesPerEvent: Math.round(walBytes / sealedCount),
    backlogNodeCpuUsPerEvent: perEvent(cpuAfter.nodeSeconds - cpuBefore.nodeSeconds),
    backlogPostgresCpuUsPerEvent:
      cpuAfter.postgresSeconds === null || cpuBefore.postgresSeconds === null
        ? null
        : perEvent(cpuAfter.postgresSeconds - cpuBefore.postgresSeconds),
  };
}

/** `events` records in transactions of 1–100 (a fixed pseudo-random sequence), from `concurrency` connections. */
async function writeRecords(db: Db, options: AuditBenchmarkOptions, onCommitted: () => void): Promise<void> {
  const template = recordTemplate();
  let remaining = options.events;
  let draw = 12_345;
  const nextSize = () => {
    draw = (draw * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.min(remaining, 1 + (draw % 100));
  };
  const writer = async () => {
    while (remaining > 0) {
      const size = nextSize();
      remaining -= size;
      const records = Array.from({ length: size }, () => ({ ...template, occurredAt: new Date() }));
      await db.transaction().execute((trx) => insertAuditEvents(trx, records));
      onCommitted();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, writer));
}

/** No foreign keys on the log: the ids only need to look real. */
function recordTemplate(): NewAuditEvent {
  return {
    requestId: randomUUID(),
    occurredAt: new Date(),
    organisationId: randomUUID(),
    environment: 'production',
    actorKind: 'client',
    actorId: 'bench-client',
    endUser: null,
    purposeId: randomUUID(),
    caseReference: null,
    queryType: 'byPersonalCode',
    searchParameters: ['personalCodes'],
    personId: '1',
    personalCode: '010190-10008',
    fields: ['identity.firstName', 'identity.lastName', 'identity.birthDate', 'residence.address'],
    feeCents: 15,
  };
}

async function currentLsn(db: Db): Promise<string> {
  const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db);
  return rows[0]?.lsn ?? '0/0';
}

async function walSince(db: Db, lsn: string): Promise<number> {
  const { rows } = await sql<{ bytes: string }>`
    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::bigint::text AS bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

/** Both tables with their indexes; the link table exists only where the links are kept apart. */
async function logBytes(db: Db): Promise<number> {
  const { rows } = await sql<{ bytes: string }>`
    SELECT (pg_total_relation_size('audit_event')
      + coalesce(pg_total_relation_size(to_regclass('audit_chain_link')), 0))::text AS bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

function report(options: AuditBenchmarkOptions, result: AuditBenchmarkResult): void {
  if (options.json) {
    console.log(JSON.stringify({ benchmark: 'audit', events: options.events, ...result }));
    return;
  }
  printTable(`audit: ${options.events} records, ${options.concurrency} connections`, [
    ['inserts/s (sealer running)', result.insertsPerSec],
    ['sealed/s (first insert to last link)', result.sealedPerSec],
    ['WAL bytes per record (insert + seal)', result.walBytesPerEvent],
    ['backlog sealed/s (no writers)', result.backlogSealedPerSec],
    ['WAL bytes per record (sealing alone)', result.backlogWalBytesPerEvent],
    ['CPU µs per record sealed: Node (the sealer)', result.backlogNodeCpuUsPerEvent],
    ['CPU µs per record sealed: PostgreSQL', result.backlogPostgresCpuUsPerEvent ?? 'n/a'],
    ['log bytes per record (tables + indexes)', result.bytesPerEvent],
    ['load average (1 min)', result.loadAverage],
  ]);
}
