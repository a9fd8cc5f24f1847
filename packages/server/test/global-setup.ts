import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/db/database';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../src/db/embedded';
import { migrateToLatest } from '../src/db/migrations';
import { TEMPLATE_DATABASE } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance connection of the test cluster; test files clone the template through it. */
    adminDatabaseUrl: string;
  }
}

let cluster: EmbeddedCluster | undefined;
let clusterDir: string | undefined;

/**
 * One PostgreSQL for the whole run: `TEST_DATABASE_URL` (a maintenance database of an external
 * server) or a throw-away embedded cluster; the template is migrated once, then cloned per file.
 */
export async function setup(project: TestProject): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? (await startThrowawayCluster());
  const admin = createDatabase({ connectionString: adminUrl, maxConnections: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(TEMPLATE_DATABASE)} WITH (FORCE)`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(TEMPLATE_DATABASE)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const template = createDatabase({ connectionString: withDatabase(adminUrl, TEMPLATE_DATABASE) });
  try {
    await migrateToLatest(template, withDatabase(adminUrl, TEMPLATE_DATABASE));
  } finally {
    await template.destroy();
  }
  project.provide('adminDatabaseUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (clusterDir) await rm(clusterDir, { recursive: true, force: true });
}

async function startThrowawayCluster(): Promise<string> {
  clusterDir = await mkdtemp(join(tmpdir(), 'fpr-test-pg-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  cluster = await startEmbeddedPostgres({ dataDir: clusterDir, port, isThrowaway: true, log: () => {} });
  return cluster.adminUrl;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
