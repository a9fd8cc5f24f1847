import { createHash } from 'node:crypto';
import { CamelCasePlugin, Kysely, PostgresDialect, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { to as copyTo } from 'pg-copy-streams';
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

const BINARY_COPY_MARKER = '/* binary copy */ ';

/**
 * Put first in a statement's `sql` template to receive its columns as raw bytes: the statement runs
 * as `COPY (…) TO STDOUT (FORMAT binary)` and each result row is `{ fields: (Buffer | null)[] }`, a
 * text column's UTF-8 as PostgreSQL sent it. For answers of megabytes that go out as they are (a
 * feed page): read as rows, node-postgres decodes them into V8 strings that the server encodes back
 * to write them, and those strings churn the collector. COPY takes no parameters, so the values are
 * written into the text as literals, quoted by node-postgres (`$n` placeholders only: the text must
 * hold no other `$`).
 */
export const binaryCopy: RawBuilder<unknown> = sql.raw(BINARY_COPY_MARKER);

/**
 * Turns a marked statement into a named one (node-postgres prepares a name once per connection),
 * and runs a statement marked for binary copy as one.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this only forwards them.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED_MARKER)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    if (typeof config === 'string' && config.startsWith(BINARY_COPY_MARKER)) {
      return this.copyBinary(config.slice(BINARY_COPY_MARKER.length), values ?? []);
    }
    return super.query(config, values, callback);
  }

  /** Answers as `query` does for Kysely: `{ command, rowCount, rows }`. */
  private async copyBinary(text: string, values: readonly unknown[]) {
    const chunks: Buffer[] = [];
    for await (const chunk of super.query(
      copyTo(`COPY (${this.inlined(text, values)}) TO STDOUT (FORMAT binary)`),
    ))
      chunks.push(chunk as Buffer);
    const rows = binaryCopyRows(Buffer.concat(chunks)).map((fields) => ({ fields }));
    return { command: 'COPY', rowCount: rows.length, rows };
  }

  private inlined(text: string, values: readonly unknown[]): string {
    const placeholders = text.match(/\$\d+/g) ?? [];
    if (text.split('$').length - 1 !== placeholders.length)
      throw new Error('a statement for binary copy holds a $ that is not a placeholder');
    return text.replace(/\$(\d+)/g, (_, n: string) => {
      const value = pgUtils.prepareValue(values[Number(n) - 1]);
      return value === null || value === undefined ? 'NULL' : this.escapeLiteral(String(value));
    });
  }
}

const binaryCopySignature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** The rows of a binary COPY (PostgreSQL's documented file format), each its columns' bytes or null. */
export function binaryCopyRows(data: Buffer): Array<Array<Buffer | null>> {
  if (!data.subarray(0, binaryCopySignature.length).equals(binaryCopySignature))
    throw new Error('not a binary COPY');
  // After the signature: flags (4 bytes), then the header extension's length (4) and the extension.
  let at = binaryCopySignature.length + 8 + data.readUInt32BE(binaryCopySignature.length + 4);
  const rows: Array<Array<Buffer | null>> = [];
  for (;;) {
    const count = data.readInt16BE(at);
    at += 2;
    if (count === -1) return rows;
    const fields: Array<Buffer | null> = [];
    for (let i = 0; i < count; i++) {
      const length = data.readInt32BE(at);
      at += 4;
      fields.push(length === -1 ? null : data.subarray(at, at + length));
      if (length > 0) at += length;
    }
    rows.push(fields);
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
