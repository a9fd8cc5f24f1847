import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { QueryCustomer } from './query-setup';

const run = promisify(execFile);

export interface CeilingOutcome {
  rps: number;
  /** Transactions in pgbench's log. */
  transactions: number;
  p50Ms: number;
  p99Ms: number;
}

export const pgbenchInstallHint =
  'pgbench not found: install it with `apt-get install postgresql-15` (Debian) or set PGBENCH to its path';

/** `PGBENCH`, then `pgbench` on the PATH, then Debian's versioned directories; undefined if none. */
export async function findPgbench(): Promise<string | undefined> {
  const candidates = [process.env.PGBENCH, ...pathCandidates(), ...(await debianCandidates())];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not there; try the next.
    }
  }
  return undefined;
}

function pathCandidates(): string[] {
  return (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'pgbench'));
}

async function debianCandidates(): Promise<string[]> {
  try {
    const versions = await readdir('/usr/lib/postgresql');
    return versions
      .sort()
      .reverse()
      .map((version) => join('/usr/lib/postgresql', version, 'bin', 'pgbench'));
  } catch {
    return [];
  }
}

/**
 * The transaction a single-person query needs, straight in SQL: read the person by current or
 * previous code, take the fee from the balance (`debit_balance`, as the API does) with its ledger
 * entry, write the audit record.
 * The person is picked at random from `bench_code`; `\gset` hands its id and code to the audit
 * insert as the application would.
 */
function script(customer: QueryCustomer): string {
  const fields = `{${customer.auditedFields.join(',')}}`;
  return [
    '\\set i random(1, :codes)',
    'BEGIN;',
    "SELECT p.id AS person_id, p.personal_code AS person_code, p.previous_personal_code, p.status, p.version, p.data FROM bench_code c JOIN person p ON p.environment = 'production' AND (p.personal_code = c.code OR p.previous_personal_code = c.code) WHERE c.i = :i LIMIT 1 \\gset",
    "WITH debit AS (SELECT debit_balance(:org, :fee) AS balance_cents) INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, request_id, persons, at) SELECT :org, 'charge', :negfee, balance_cents, 'pgbench', 1, now() FROM debit WHERE balance_cents IS NOT NULL;",
    `INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id, purpose_id, query_type, search_parameters, person_id, personal_code, fields, fee_cents) VALUES ('pgbench', now(), :org, 'production', 'client', 'pgbench', :purpose, 'byPersonalCode', '{personalCodes}', :person_id, :person_code, '${fields}', :fee);`,
    'COMMIT;',
    '',
  ].join('\n');
}

/** Runs pgbench for `seconds` with `connections` clients and reads its tps and per-transaction log. */
export async function measureCeiling(
  pgbench: string,
  options: {
    connectionString: string;
    customer: QueryCustomer;
    codes: number;
    connections: number;
    seconds: number;
    /**
     * Transactions per second to start (`--rate`): pgbench then runs open-loop on a Poisson
     * schedule, and each latency in its log counts from the scheduled start, lag included.
     */
    rate?: number;
  },
): Promise<CeilingOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'fpr-pgbench-'));
  try {
    const file = join(dir, 'query.sql');
    await writeFile(file, script(options.customer));
    const { customer } = options;
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(options.connections),
      '-j',
      String(Math.min(options.connections, 2)),
      '-T',
      String(options.seconds),
      '-f',
      file,
      '-D',
      `codes=${options.codes}`,
      '-D',
      `org=${customer.organisationId}`,
      '-D',
      `purpose=${customer.purposeId}`,
      '-D',
      `fee=${customer.feeCents}`,
      '-D',
      `negfee=${-customer.feeCents}`,
      ...(options.rate === undefined ? [] : ['-R', String(options.rate)]),
      '-l',
      `--log-prefix=${join(dir, 'tx')}`,
      options.connectionString,
    ];
    const { stdout } = await run(pgbench, args, { maxBuffer: 16 * 1024 * 1024 });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps?.[1]) throw new Error(`pgbench printed no tps:\n${stdout}`);
    const latencies = await readLatencies(dir);
    return {
      rps: Number(tps[1]),
      transactions: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Per-transaction log lines: `client transaction latency_us script epoch_s epoch_us`. */
async function readLatencies(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((name) => name.startsWith('tx'));
  const latencies: number[] = [];
  for (const name of files) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (Number.isFinite(micros) && line !== '') latencies.push(micros / 1000);
    }
  }
  return latencies.sort((a, b) => a - b);
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}
