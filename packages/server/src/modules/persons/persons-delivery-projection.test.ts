import { type PersonRecord, type PersonStatus, scopeNames } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { codesDelivery, createQueryPurpose, deliveredPersons } from '../../../test/persons-fixtures';
import { seedRegister } from '../register/seed';
import { parseFields } from './field-selection';
import { deliverByCodes, findVersionedPurpose, type VersionedPurpose } from './persons.repository';
import { projectPerson } from './projection';

// PostgreSQL builds the delivered persons' JSON (migration 0026); `projectPerson` stays the
// reference. Every selection below must come out of the database exactly as the reference makes it
// from the stored row: same keys, same order, same values.
let testDb: TestDatabase;
let organisationId: string;
let purpose: VersionedPurpose;
let stored: Map<
  string,
  { personalCode: string; status: PersonStatus; version: number; record: PersonRecord }
>;
let codes: string[];
let requests = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  await seedRegister(db, { connectionString: testDb.url, environment: 'test', persons: 200, seed: 7 });
  organisationId = (await createOrganisation(db)).id;
  const purposeId = await createQueryPurpose(db, organisationId, { scopes: [...scopeNames], fields: [] });
  const found = await findVersionedPurpose(db, purposeId);
  if (!found) throw new Error('the purpose was just created');
  purpose = found;
  const rows = await db
    .selectFrom('person')
    .select(['personalCode', 'status', 'version', 'data'])
    .where('environment', '=', 'test')
    .orderBy('id')
    .execute();
  stored = new Map(
    rows.map((row) => [
      row.personalCode,
      { ...row, status: row.status as PersonStatus, record: row.data as PersonRecord },
    ]),
  );
  // Deceased and excluded persons, and persons with relatives and documents, are in the seed's mix.
  codes = rows.map((row) => row.personalCode).slice(0, 100);
});
afterAll(async () => testDb.drop());

async function deliver(
  fields: string[],
  asked: string[],
  request: { purposeRowVersion?: string; requestId?: string } = {},
) {
  return deliverByCodes(
    testDb.db,
    codesDelivery({
      environment: 'test',
      codes: asked,
      purpose: { id: purpose.id, rowVersion: request.purposeRowVersion ?? purpose.rowVersion },
      organisationId,
      requestId: request.requestId ?? `req-${++requests}`,
      fields,
    }),
  );
}

function expected(fields: string[], asked: string[]): string[] {
  const { selection } = parseFields(fields);
  return asked.flatMap((code) => {
    const person = stored.get(code);
    return person ? [JSON.stringify(projectPerson(person, selection))] : [];
  });
}

const selections: Array<[string, string[]]> = [
  ['two whole scopes', ['identity', 'residence']],
  ['every scope, in reverse order', [...scopeNames].reverse()],
  [
    'narrowed scopes, fields in the order asked',
    ['residence.foreignAddress', 'identity.surname', 'identity.birthDate'],
  ],
  ['whole and narrowed scopes mixed', ['relatives.children', 'documents', 'death.deathDate', 'civilStatus']],
  ['a narrowed scope that a whole one then widens', ['identity.sex', 'identity', 'guardianship.guardians']],
];

describe('the delivered persons built by PostgreSQL', () => {
  it.each(selections)('equal projectPerson, key for key and in order: %s', async (_name, fields) => {
    const outcome = await deliver(fields, codes);
    expect(outcome.isDelivered).toBe(true);
    // Re-serialised, so that only the keys, their order and the values count, not the spacing.
    expect(deliveredPersons(outcome).map((person) => JSON.stringify(person))).toEqual(
      expected(fields, codes),
    );
  });

  it('keeps the order asked, leaves unknown codes out and delivers a person asked twice once', async () => {
    const asked = [codes[7], '010101-10005', codes[3], codes[7], codes[50]].flatMap((code) =>
      code === undefined ? [] : [code],
    );
    const outcome = await deliver(['identity'], [...new Set(asked)]);
    const delivered = deliveredPersons(outcome).map((person) => person.personalCode);
    expect(delivered).toEqual([codes[7], codes[3], codes[50]]);
  });

  it('delivers nothing when the purpose changed since it was checked', async () => {
    const outcome = await deliver(['identity'], codes.slice(0, 3), {
      purposeRowVersion: '1:1',
      requestId: 'req-stale',
    });
    expect(outcome).toMatchObject({
      isPurposeCurrent: false,
      isDelivered: false,
      personsJson: '',
      personCount: 0,
    });
    const audited = await testDb.db
      .selectFrom('auditEvent')
      .select('id')
      .where('requestId', '=', 'req-stale')
      .execute();
    expect(audited).toEqual([]);
  });
});
