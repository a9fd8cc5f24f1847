import { sql } from 'kysely';
import type { Config } from '../config';
import { createDatabase, type Db } from '../db/database';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrations';

export interface DatabaseRuntime {
  db: Db;
  connectionString: string;
  /** `embedded` when this process started its own PostgreSQL. */
  kind: 'embedded' | 'external';
  close: () => Promise<void>;
}

const applicationDatabase = 'fpr';

/**
 * Opens the database the configuration names: `DATABASE_URL`, or the embedded PostgreSQL in
 * `DATA_DIR` (started here, its `fpr` database created on first use). Migrates either way.
 */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<DatabaseRuntime> {
  const cluster = config.databaseUrl ? undefined : await startCluster(config, log);
  try {
    const connectionString = config.databaseUrl ?? cluster?.urlFor(applicationDatabase) ?? '';
    const db = createDatabase({ connectionString, maxConnections: 20 });
    const outcome = await migrateToLatest(db, connectionString);
    if (outcome.applied.length > 0) log(`migrations applied: ${outcome.applied.join(', ')}`);
    const close = async () => {
      await db.destroy();
      await cluster?.stop();
    };
    return { db, connectionString, kind: cluster ? 'embedded' : 'external', close };
  } catch (error) {
    await cluster?.stop();
    throw error;
  }
}

async function startCluster(config: Config, log: (message: string) => void): Promise<EmbeddedCluster> {
  const cluster = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log: (message) => {
      if (/FATAL|ERROR|PANIC/.test(message)) log(`postgres: ${message}`);
    },
  });
  const admin = createDatabase({ connectionString: cluster.adminUrl, maxConnections: 1 });
  try {
    const exists = await sql`SELECT 1 FROM pg_database WHERE datname = ${applicationDatabase}`.execute(admin);
    if (exists.rows.length === 0) await sql`CREATE DATABASE ${sql.id(applicationDatabase)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  return cluster;
}
