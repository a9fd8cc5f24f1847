import type { Environment } from '@fpr/contract';
import type pg from 'pg';
import { type CopyStreamQuery, from as copyFrom } from 'pg-copy-streams';
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
 * bulk load). The DDL repeats the migration's exactly; a test compares `pg_indexes` after a large
 * seed with a freshly migrated database. Rebuilding a unique index fails loudly on a duplicate.
 * The primary key stays: superseded versions and change events reference it.
 */
export const personIndexes: readonly PersonIndex[] = [
  { name: 'person_code_idx', isUnique: true, definition: 'ON person (environment, personal_code)' },
  {
    name: 'person_previous_code_idx',
    isUnique: true,
    definition: 'ON person (environment, previous_personal_code) WHERE previous_personal_code IS NOT NULL',
  },
  {
    name: 'person_name_search_idx',
    isUnique: false,
    definition: 'ON person (environment, search_surname, birth_date)',
  },
  {
    name: 'person_address_idx',
    isUnique: false,
    definition: 'ON person (environment, declared_address_code) WHERE declared_address_code IS NOT NULL',
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

/** A COPY stream into `person` in text format; rows come from `personCopyRow`. */
export function copyPersons(client: pg.ClientBase): CopyStreamQuery {
  return client.query(copyFrom(`COPY person (${personColumns}) FROM STDIN`));
}

const NEEDS_COPY_ESCAPE = /[\\\t\n\r]/;
const NULL = '\\N';

// COPY text format: backslash, tab and line breaks are the only characters that need escaping.
function copyText(value: string): string {
  if (!NEEDS_COPY_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One line of the COPY text format, columns in `personColumns` order; `json` is the serialised record. */
export function personCopyRow(environment: Environment, person: GeneratedPerson, json: string): string {
  // JSON.stringify never emits raw control characters; only its escaping backslashes need doubling.
  const data = json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
  const fields = [
    environment,
    person.personalCode,
    person.previousPersonalCode ?? NULL,
    copyText(person.givenNames),
    copyText(person.surname),
    copyText(person.searchGivenNames),
    copyText(person.searchSurname),
    person.sex,
    person.birthDate,
    person.status,
    person.declaredAddressCode ?? NULL,
    '1',
    data,
  ];
  return `${fields.join('\t')}\n`;
}

/** Fresh statistics, so the first queries after the load get sensible plans. */
export async function analyzePersons(client: pg.ClientBase): Promise<void> {
  await client.query('ANALYZE person');
}
