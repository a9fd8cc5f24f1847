import type { Environment } from '@fpr/contract';
import type pg from 'pg';
import { type CopyStreamQuery, from as copyFrom } from 'pg-copy-streams';
import { dayOf } from './synthetic/dates';
import type { GeneratedPerson } from './synthetic/population';

/**
 * SQL of the bulk seed. It runs on raw `pg` clients rather than Kysely because COPY … FROM STDIN
 * needs the protocol-level stream that only a raw client exposes.
 */

export interface PersonIndex {
  readonly name: string;
  readonly isUnique: boolean;
  /** Everything after `CREATE [UNIQUE] INDEX name`. */
  readonly definition: string;
}

/**
 * The person indexes a bulk load may drop and rebuild (ARCHITECTURE §4: build indexes after a
 * bulk load). The DDL repeats the migrations' (0001, with the column order of 0029) exactly; a test compares `pg_indexes` after a large
 * seed with a freshly migrated database. Rebuilding a unique index fails loudly on a duplicate.
 * The primary key stays: superseded versions and change events reference it. So does the partial
 * unique index on previous codes: few persons have one, so keeping it costs the load next to
 * nothing, while every rebuild reads the whole table once (about 2.5 µs per person).
 */
export const personIndexes: readonly PersonIndex[] = [
  { name: 'person_code_idx', isUnique: true, definition: 'ON person (personal_code, environment)' },
  {
    name: 'person_name_search_idx',
    isUnique: false,
    definition: 'ON person (search_surname, birth_date, environment)',
  },
  {
    name: 'person_address_idx',
    isUnique: false,
    definition: 'ON person (declared_address_code, environment) WHERE declared_address_code IS NOT NULL',
  },
];

// One seed at a time per database: a bulk load drops shared indexes, so two loads must not interleave.
const SEED_LOCK_KEY = 'fpr:seed-register';

/** Waits for any other seed of this database to finish; a bulk load may run for minutes, so no timeout. */
export async function lockSeeding(client: pg.ClientBase): Promise<void> {
  await client.query('SET statement_timeout = 0');
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [SEED_LOCK_KEY]);
}

export async function unlockSeeding(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock(hashtext($1))', [SEED_LOCK_KEY]);
}

export async function hasPersons(client: pg.ClientBase, environment: Environment): Promise<boolean> {
  const result = await client.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM person WHERE environment = $1) AS found',
    [environment],
  );
  return result.rows[0]?.found ?? false;
}

export async function dropIndexes(client: pg.ClientBase, indexes: readonly PersonIndex[]): Promise<void> {
  for (const index of indexes) await client.query(`DROP INDEX IF EXISTS ${index.name}`);
}

/** Rebuilds dropped indexes; safe to repeat after a failed load. */
export async function createIndexes(client: pg.ClientBase, indexes: readonly PersonIndex[]): Promise<void> {
  // Index builds sort in memory: give them room (this session only).
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const index of indexes) {
    await client.query(
      `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ${index.definition}`,
    );
  }
}

const personColumns = [
  'environment',
  'personal_code',
  'previous_personal_code',
  'given_names',
  'surname',
  'search_given_names',
  'search_surname',
  'sex',
  'birth_date',
  'status',
  'declared_address_code',
  'version',
  'data',
].join(', ');

/**
 * A COPY stream into `person` in PostgreSQL's binary format; the bytes come from
 * `PersonCopyEncoder`. Binary rather than text: PostgreSQL then reads each field by its length
 * instead of scanning every character of a 1.6 kB line for separators and escapes (about 15 µs of
 * its CPU per person), and the JSON needs no escaping pass. `jsonb` still arrives as JSON text.
 */
export function copyPersons(client: pg.ClientBase): CopyStreamQuery {
  return client.query(copyFrom(`COPY person (${personColumns}) FROM STDIN (FORMAT binary)`));
}

const COLUMN_COUNT = 13;
// Signature, flags (no OIDs), header extension length: the fixed start of a binary COPY.
const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const NULL_LENGTH = -1;
const JSONB_VERSION = 1;
// PostgreSQL counts dates in days from 2000-01-01; `dayOf` counts from 1970-01-01.
const POSTGRES_EPOCH_DAY = dayOf('2000-01-01');
// UTF-8 needs at most 3 bytes per UTF-16 code unit.
const MAX_BYTES_PER_UNIT = 3;
const INITIAL_CAPACITY = 1 << 20;
const SHORT_TEXT = 24;

/**
 * Writes `person` rows in the binary COPY format into a buffer that grows as needed; `take()`
 * hands over the bytes written so far. Starts with the format's header; `end()` gives the trailer.
 */
export class PersonCopyEncoder {
  private buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private length = 0;

  constructor() {
    BINARY_HEADER.copy(this.buffer);
    this.length = BINARY_HEADER.length;
  }

  /** Bytes written and not yet taken. */
  get size(): number {
    return this.length;
  }

  /** One row, columns in `personColumns` order; `json` is the serialised record. */
  row(environment: Environment, person: GeneratedPerson, json: string): void {
    this.reserve(2);
    this.length = this.buffer.writeInt16BE(COLUMN_COUNT, this.length);
    this.text(environment);
    this.text(person.personalCode);
    this.text(person.previousPersonalCode);
    this.text(person.givenNames);
    this.text(person.surname);
    this.text(person.searchGivenNames);
    this.text(person.searchSurname);
    this.text(person.sex);
    this.integer(dayOf(person.birthDate) - POSTGRES_EPOCH_DAY);
    this.text(person.status);
    this.text(person.declaredAddressCode);
    this.integer(1);
    this.jsonb(json);
  }

  /** The bytes written since the last take; the encoder continues in a fresh buffer. */
  take(): Buffer {
    const taken = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, this.length));
    this.length = 0;
    return taken;
  }

  /** The trailer that ends the COPY data. */
  static end(): Buffer {
    return Buffer.from([0xff, 0xff]);
  }

  private text(value: string | null): void {
    if (value === null) {
      this.reserve(4);
      this.length = this.buffer.writeInt32BE(NULL_LENGTH, this.length);
      return;
    }
    this.reserve(4 + value.length * MAX_BYTES_PER_UNIT);
    const bytes =
      value.length <= SHORT_TEXT
        ? this.shortText(value, this.length + 4)
        : this.buffer.write(value, this.length + 4);
    this.buffer.writeInt32BE(bytes, this.length);
    this.length += 4 + bytes;
  }

  // Most key columns are short ASCII (codes, statuses, folded names): copying their characters
  // here is cheaper than a call into Buffer.write; anything else still goes through it.
  private shortText(value: string, at: number): number {
    const buffer = this.buffer;
    for (let index = 0; index < value.length; index += 1) {
      const unit = value.charCodeAt(index);
      if (unit >= 0x80) return buffer.write(value, at);
      buffer[at + index] = unit;
    }
    return value.length;
  }

  private integer(value: number): void {
    this.reserve(8);
    this.buffer.writeInt32BE(4, this.length);
    this.length = this.buffer.writeInt32BE(value, this.length + 4);
  }

  // jsonb's binary input is a version byte followed by the JSON text.
  private jsonb(json: string): void {
    this.reserve(5 + json.length * MAX_BYTES_PER_UNIT);
    const bytes = this.buffer.write(json, this.length + 5);
    this.buffer.writeInt32BE(bytes + 1, this.length);
    this.buffer[this.length + 4] = JSONB_VERSION;
    this.length += 5 + bytes;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(larger, 0, 0, this.length);
    this.buffer = larger;
  }
}

/** Fresh statistics, so the first queries after the load get sensible plans. */
export async function analyzePersons(client: pg.ClientBase): Promise<void> {
  await client.query('ANALYZE person');
}
