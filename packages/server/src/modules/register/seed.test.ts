import { foldName } from '@fpr/contract';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { Db } from '../../db/database';
import { type SeedOptions, seedRegister } from './seed';
import { PersonCopyEncoder } from './seed.repository';
import { generatePopulation } from './synthetic/population';

const TODAY = '2025-06-01';
const opened: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.drop()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ maxConnections: 2 });
  opened.push(database);
  return database;
}

function seed(database: TestDatabase, options: Partial<SeedOptions> = {}) {
  return seedRegister(database.db, {
    connectionString: database.url,
    environment: 'test',
    persons: 1_500,
    seed: 5,
    today: TODAY,
    ...options,
  });
}

async function counts(db: Db) {
  const result = await sql<{ environment: string; persons: number; versions: number }>`
    SELECT p.environment, count(*)::int AS persons,
      (count(*) FILTER (WHERE p.version = 1 AND p.change_event_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM person_version v WHERE v.person_id = p.id)))::int AS versions
    FROM person p GROUP BY p.environment ORDER BY p.environment`.execute(db);
  return result.rows;
}

async function personIndexDefinitions(db: Db): Promise<string[]> {
  const result = await sql<{ indexdef: string }>`
    SELECT indexdef FROM pg_indexes WHERE tablename = 'person' ORDER BY indexname`.execute(db);
  return result.rows.map((row) => row.indexdef);
}

describe('seedRegister', () => {
  it('writes every person with version 1, search columns folded, the record intact', async () => {
    const database = await freshDatabase();
    const progress: number[] = [];
    const outcome = await seed(database, { onProgress: (done) => progress.push(done) });
    expect(outcome.persons).toBe(1_500);
    expect(outcome.personsPerSecond).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1_500);
    expect(await counts(database.db)).toEqual([{ environment: 'test', persons: 1_500, versions: 1_500 }]);
    const generated = [...generatePopulation({ environment: 'test', persons: 1_500, seed: 5, today: TODAY })];
    const stored = await database.db
      .selectFrom('person')
      .select([
        'environment',
        'personalCode',
        'previousPersonalCode',
        'givenNames',
        'surname',
        'searchSurname',
        'searchGivenNames',
        'sex',
        'birthDate',
        'status',
        'declaredAddressCode',
        'data',
        'version',
      ])
      .execute();
    const byCode = new Map(stored.map((row) => [row.personalCode, row]));
    for (const person of generated) {
      const row = byCode.get(person.personalCode);
      expect(row?.data).toEqual(person.record);
      expect(row?.searchSurname).toBe(foldName(person.surname));
      expect(row?.searchGivenNames).toBe(foldName(person.givenNames));
      expect(row?.previousPersonalCode).toBe(person.previousPersonalCode);
      const { record: _record, ...columns } = person;
      expect(row).toMatchObject({ ...columns, environment: 'test', version: 1 });
    }
    // Homestead addresses put quotes, hence JSON backslashes, through the COPY escaping.
    expect(generated.some((person) => person.record.residence.declaredAddress?.text.startsWith('"'))).toBe(
      true,
    );
  });

  it('refuses a second seed into a non-empty environment and changes nothing', async () => {
    const database = await freshDatabase();
    const phases: string[] = [];
    await seed(database, { persons: 200, onPhase: (phase) => phases.push(phase) });
    expect(phases).toEqual(['copy', 'analyze']);
    await expect(seed(database, { persons: 200, seed: 6 })).rejects.toThrow(
      /test environment already holds persons/,
    );
    expect(await counts(database.db)).toEqual([{ environment: 'test', persons: 200, versions: 200 }]);
  });

  it('seeds the test and production environments independently', async () => {
    const database = await freshDatabase();
    await seed(database, { persons: 300 });
    await seed(database, { persons: 200, environment: 'production' });
    expect(await counts(database.db)).toEqual([
      { environment: 'production', persons: 200, versions: 200 },
      { environment: 'test', persons: 300, versions: 300 },
    ]);
  });

  it('rebuilds the indexes of a large load exactly as the migration defines them', async () => {
    const database = await freshDatabase();
    const migrated = await freshDatabase();
    const phases: string[] = [];
    const indexOid = sql<{ oid: number }>`SELECT 'person_code_idx'::regclass::oid AS oid`;
    const before = await indexOid.execute(database.db);
    await seed(database, { persons: 500, largeLoadFrom: 100, onPhase: (phase) => phases.push(phase) });
    expect(phases).toEqual(['copy', 'indexes', 'analyze']);
    // A new object: the index really was dropped and built again.
    expect((await indexOid.execute(database.db)).rows).not.toEqual(before.rows);
    const definitions = await personIndexDefinitions(migrated.db);
    expect(definitions.length).toBeGreaterThanOrEqual(5);
    expect(await personIndexDefinitions(database.db)).toEqual(definitions);
  });

  it('leaves nothing behind, indexes included, when a large load fails half-way', async () => {
    const database = await freshDatabase();
    const before = await personIndexDefinitions(database.db);
    const failing = seed(database, {
      persons: 500,
      largeLoadFrom: 1,
      onProgress: () => {
        throw new Error('disk on fire');
      },
    });
    await expect(failing).rejects.toThrow('disk on fire');
    expect(await counts(database.db)).toEqual([]);
    expect(await personIndexDefinitions(database.db)).toEqual(before);
    await seed(database, { persons: 100 });
    expect(await counts(database.db)).toEqual([{ environment: 'test', persons: 100, versions: 100 }]);
  });
});

/** The fields of each row of a binary COPY stream, as UTF-8 text (null for NULL). */
function decodeRows(bytes: Buffer): Array<Array<Buffer | null>> {
  expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  let at = 19;
  const rows: Array<Array<Buffer | null>> = [];
  for (let columns = bytes.readInt16BE(at); columns !== -1; columns = bytes.readInt16BE(at)) {
    at += 2;
    const row: Array<Buffer | null> = [];
    for (let column = 0; column < columns; column += 1) {
      const length = bytes.readInt32BE(at);
      at += 4;
      row.push(length === -1 ? null : bytes.subarray(at, at + length));
      at += Math.max(length, 0);
    }
    rows.push(row);
  }
  expect(at + 2).toBe(bytes.length);
  return rows;
}

describe('PersonCopyEncoder', () => {
  it('writes binary COPY rows: text as is, NULL as -1, the date in days from 2000, jsonb with its version', () => {
    const [person] = generatePopulation({ environment: 'test', persons: 1, seed: 5, today: TODAY });
    if (!person) throw new Error('no person generated');
    const odd = {
      ...person,
      givenNames: 'Tab\there',
      surname: 'Back\\slash Ķēniņš',
      birthDate: '1999-12-31',
      declaredAddressCode: null,
    };
    const encoder = new PersonCopyEncoder();
    encoder.row('test', odd, '{"text":"\\"Ozoli\\""}');
    encoder.row('production', person, '{}');
    const rows = decodeRows(Buffer.concat([encoder.take(), PersonCopyEncoder.end()]));
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(first).toHaveLength(13);
    expect(first?.[0]?.toString()).toBe('test');
    expect(first?.[3]?.toString()).toBe('Tab\there');
    expect(first?.[4]?.toString()).toBe('Back\\slash Ķēniņš');
    expect(first?.[8]?.readInt32BE(0)).toBe(-1);
    expect(first?.[10]).toBeNull();
    expect(first?.[11]?.readInt32BE(0)).toBe(1);
    expect(first?.[12]?.[0]).toBe(1);
    expect(first?.[12]?.subarray(1).toString()).toBe('{"text":"\\"Ozoli\\""}');
    expect(second?.[0]?.toString()).toBe('production');
    expect(second?.[1]?.toString()).toBe(person.personalCode);
  });

  it('grows past its first buffer and starts afresh after a take', () => {
    const [person] = generatePopulation({ environment: 'test', persons: 1, seed: 5, today: TODAY });
    if (!person) throw new Error('no person generated');
    const encoder = new PersonCopyEncoder();
    const long = JSON.stringify({ text: 'ā'.repeat(600_000) });
    encoder.row('test', person, long);
    encoder.row('test', person, long);
    const rows = decodeRows(Buffer.concat([encoder.take(), PersonCopyEncoder.end()]));
    expect(rows.map((row) => row[12]?.subarray(1).toString())).toEqual([long, long]);
    expect(encoder.size).toBe(0);
  });
});
