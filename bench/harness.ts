import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../packages/server/src/db/embedded';
import { migrateToLatest } from '../packages/server/src/db/migrations';

export interface BenchDatabase {
  db: Db;
  connectionString: string;
  close: () => Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark: on `BENCH_DATABASE_URL` (a maintenance database of
 * an external server) or on an embedded PostgreSQL started for the run with default durability
 * (fsync on), so figures are those of a real deployment on this machine.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const dir = process.env.BENCH_DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'fpr-bench-'));
  const cluster: EmbeddedCluster | undefined = dir
    ? await startEmbeddedPostgres({
        dataDir: dir,
        port: 30_000 + Math.floor(Math.random() * 10_000),
        log: () => {},
      })
    : undefined;
  const adminUrl = process.env.BENCH_DATABASE_URL ?? cluster?.adminUrl ?? '';
  const name = `fpr_bench_${Date.now()}`;
  const admin = createDatabase({ connectionString: adminUrl, maxConnections: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const db = createDatabase({ connectionString, maxConnections: 32 });
  await migrateToLatest(db, connectionString);
  const close = async () => {
    await db.destroy();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
    await admin.destroy();
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  return { db, connectionString, close };
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(title.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}
