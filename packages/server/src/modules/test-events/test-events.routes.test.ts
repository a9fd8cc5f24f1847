import type { Environment, PersonRecord } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { accessTokenFor, bearer, createConnection, createKeyClient } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { fixedNow, registerContext, registerPerson } from '../../../test/register-fixtures';

let testDb: TestDatabase;
let server: TestApp;
let testHeaders: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => fixedNow });
  const organisation = await createOrganisation(testDb.db);
  testHeaders = await clientHeaders(organisation.id, 'test');
});

afterAll(async () => {
  await server.close();
  await testDb.drop();
});

/** A client's headers; its token is issued on the app's fixed clock. */
async function clientHeaders(organisationId: string, environment: Environment) {
  const connection = await createConnection(testDb.db, { organisationId, environment });
  const token = await accessTokenFor(server.baseUrl, await createKeyClient(testDb.db, connection), fixedNow);
  return { ...bearer(token), 'content-type': 'application/json' };
}

function postEvent(body: unknown, headers = testHeaders): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/test/events`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

function eventsOf(personalCode: string) {
  return testDb.db
    .selectFrom('changeEvent')
    .select(['type', 'sequence', 'recordedBy', 'changedScopes', 'details'])
    .where('personalCode', '=', personalCode)
    .orderBy('id')
    .execute();
}

async function declaredAddressOf(personalCode: string): Promise<unknown> {
  const row = await testDb.db
    .selectFrom('person')
    .select('data')
    .where('environment', '=', 'test')
    .where('personalCode', '=', personalCode)
    .executeTakeFirstOrThrow();
  return (row.data as PersonRecord).residence.declaredAddress?.addressCode;
}

const newPerson = (overrides = {}) => registerPerson(registerContext(testDb.db), overrides);

describe('POST /api/v1/test/events', () => {
  it('records an address declaration with a generated address and answers its sealed sequence', async () => {
    const personalCode = await newPerson();
    const before = await declaredAddressOf(personalCode);
    const answer = await postEvent({ personalCode, type: 'addressDeclared' });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { sequence: number; changes: Array<{ sequence: number }> };
    const [, declared] = await eventsOf(personalCode);
    expect(declared).toMatchObject({
      type: 'addressDeclared',
      sequence: String(body.sequence),
      recordedBy: expect.stringMatching(/^test-api:/),
    });
    expect(body.changes).toEqual([
      {
        sequence: body.sequence,
        personalCode,
        previousPersonalCode: null,
        type: 'addressDeclared',
        changedScopes: expect.arrayContaining(['residence']),
        version: 2,
        effectiveDate: '2026-11-27',
      },
    ]);
    expect(await declaredAddressOf(personalCode)).not.toEqual(before);
  });

  it('keeps the details the body gives', async () => {
    const personalCode = await newPerson();
    const address = {
      addressCode: '100000777',
      text: 'Tērbatas iela 7, Rīga, LV-1011',
      postcode: 'LV-1011',
      atvk: '0001000',
    };
    const answer = await postEvent({ personalCode, type: 'addressDeclared', address });
    expect(answer.status).toBe(201);
    expect(await declaredAddressOf(personalCode)).toBe('100000777');
  });

  it('records a marriage on both spouses and names the requested person’s change', async () => {
    const bride = await newPerson();
    const groom = await newPerson({ sex: 'M', givenNames: 'Jānis', surname: 'Kalniņš' });
    const answer = await postEvent({ personalCode: groom, type: 'married', spousePersonalCode: bride });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as {
      sequence: number;
      changes: Array<{ personalCode: string; sequence: number }>;
    };
    expect(body.changes.map((change) => change.personalCode).sort()).toEqual([bride, groom].sort());
    expect(body.sequence).toBe(body.changes.find((change) => change.personalCode === groom)?.sequence);
  });

  it('refuses production credentials with environmentMismatch and records nothing', async () => {
    const organisation = await createOrganisation(testDb.db);
    const personalCode = await newPerson();
    const answer = await postEvent(
      { personalCode, type: 'died' },
      await clientHeaders(organisation.id, 'production'),
    );
    expect(answer.status).toBe(403);
    expect((await readProblem(answer)).code).toBe('environmentMismatch');
    expect((await eventsOf(personalCode)).map((event) => event.type)).toEqual(['registered']);
  });

  it('admits a contact person only while the organisation’s test connection is active', async () => {
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
      now: fixedNow,
    });
    const personalCode = await newPerson();
    const refused = await postEvent({ personalCode, type: 'documentIssued' }, contact.session.headers());
    expect((await readProblem(refused)).code).toBe('environmentMismatch');
    await createConnection(testDb.db, { organisationId: organisation.id, environment: 'test' });
    const admitted = await postEvent({ personalCode, type: 'documentIssued' }, contact.session.headers());
    expect(admitted.status).toBe(201);
    const [, issued] = await eventsOf(personalCode);
    expect(issued).toMatchObject({ type: 'documentIssued', recordedBy: `test-api:user:${contact.username}` });
  });

  it('names an unknown type, a missing detail and a detail of another type', async () => {
    const personalCode = await newPerson();
    const unknown = await readProblem(await postEvent({ personalCode, type: 'abducted' }));
    expect(unknown.invalidParams).toEqual([
      { name: 'type', code: 'enum', reason: expect.stringContaining('"born"') },
    ]);
    const missing = await readProblem(await postEvent({ personalCode, type: 'married' }));
    expect(missing.invalidParams).toEqual([
      { name: 'spousePersonalCode', code: 'required', reason: expect.any(String) },
    ]);
    const foreign = await readProblem(
      await postEvent({ personalCode, type: 'divorced', documentNumber: 'PA1234567' }),
    );
    expect(foreign.invalidParams).toEqual([
      { name: 'documentNumber', code: 'notForType', reason: expect.any(String) },
    ]);
    const derived = await readProblem(await postEvent({ personalCode, type: 'widowed' }));
    expect(derived.invalidParams?.[0]).toMatchObject({ name: 'type', code: 'enum' });
    expect((await eventsOf(personalCode)).map((event) => event.type)).toEqual(['registered']);
  });

  it('answers 404 for a code not in the test register and 400 for an invalid code', async () => {
    const absent = await postEvent({ personalCode: '010190-10415', type: 'died' });
    expect(absent.status).toBe(404);
    expect((await readProblem(absent)).invalidParams).toEqual([
      { name: 'personalCode', code: 'notFound', reason: expect.any(String) },
    ]);
    const invalid = await postEvent({ personalCode: '010190-10416', type: 'died' });
    expect(invalid.status).toBe(400);
    expect((await readProblem(invalid)).invalidParams?.[0]).toMatchObject({ name: 'personalCode' });
  });

  it('records a birth on a mother, creating the child', async () => {
    const mother = await newPerson();
    const answer = await postEvent({ personalCode: mother, type: 'born', givenNames: 'Laura', sex: 'F' });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { changes: Array<{ personalCode: string; type: string }> };
    const child = body.changes.find((change) => change.personalCode !== mother);
    expect(child?.type).toBe('born');
    expect(child?.personalCode).toMatch(/^32/);
  });
});
