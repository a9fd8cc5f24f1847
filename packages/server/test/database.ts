import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { createDatabase, type Db } from '../src/db/database';

export const TEMPLATE_DATABASE = 'fpr_test_template';

export interface TestDatabase {
  db: Db;
  url: string;
  /** Drops the database; call it in `afterAll`. */
  drop: () => Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template (fast: a file copy). */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `fpr_test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase({ connectionString: adminUrl, maxConnections: 1 });
  try {
    await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(TEMPLATE_DATABASE)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const url = urlWithDatabase(adminUrl, name);
  const db = createDatabase({ connectionString: url, maxConnections: options.maxConnections ?? 10 });
  const drop = async () => {
    await db.destroy();
    const cleanup = createDatabase({ connectionString: adminUrl, maxConnections: 1 });
    try {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(cleanup);
    } finally {
      await cleanup.destroy();
    }
  };
  return { db, url, drop };
}

function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
