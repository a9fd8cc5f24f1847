import { createHash } from 'node:crypto';
import { CamelCasePlugin, Kysely, PostgresDialect, type RawBuilder, sql } from 'kysely';
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

const PREPARED_MARKER = '/* prepared */ ';

/**
 * Put first in a hot statement's `sql` template (`sql\`${prepared}SELECT …\``): each pooled
 * connection then parses and plans that text once and re-executes it, instead of parsing, rewriting
 * and planning it on every call — for the one-statement delivery of a person query, planning took
 * about as long as executing. Only for statements of fixed text (arrays as parameters, never
 * IN lists of varying length): every distinct text stays prepared for the connection's lifetime.
 */
export const prepared: RawBuilder<unknown> = sql.raw(PREPARED_MARKER);

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `fpr_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Turns a marked statement into a named one; node-postgres prepares a name once per connection. */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this only forwards them.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED_MARKER)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
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
    Client: PreparingClient,
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
