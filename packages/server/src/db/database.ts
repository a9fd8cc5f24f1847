import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// DATE columns stay `YYYY-MM-DD` strings: a JS Date would shift them across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint ids stay strings (they exceed 2^53 only in theory, but never lose precision silently).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  connectionString: string;
  maxConnections?: number;
  applicationName?: string;
  onIdleConnectionError?: (error: Error) => void;
}

// Where each pool connects, for the few parts that need a client of their own (LISTEN).
const connectionStrings = new WeakMap<Db, string>();

/** The connection string a handle made by `createDatabase` uses; undefined for any other handle. */
export function connectionStringOf(db: Db): string | undefined {
  return connectionStrings.get(db);
}

/** Opens a connection pool; the caller owns it and must `destroy()` it. */
export function createDatabase(options: DatabaseOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'fpr-online',
    // A statement that hangs must not hold a request forever (THREATS: denial of service).
    statement_timeout: 30_000,
  });
  // An idle connection that the server ends (restart, failover) is dropped from the pool and the
  // next query opens a new one; unhandled, the pool's 'error' event would end the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    // Nested JSON (person records) is camelCase already: leave its keys alone.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
  connectionStrings.set(db, options.connectionString);
  return db;
}
