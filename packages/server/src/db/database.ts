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
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}
