import { generateNewPersonalCode, generateOldPersonalCode } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { clientToken, createQueryPurpose, topUp } from '../../../test/persons-fixtures';
import { registerContext, registerPerson } from '../../../test/register-fixtures';

let testDb: TestDatabase;
let server: TestApp;
const logLines: string[] = [];
// Two production persons and one of the test environment, shared by the tests (read only).
let janis: string;
let ilze: string;
let testPerson: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, logLines });
  const ctx = registerContext(testDb.db);
  janis = await registerPerson(ctx, {
    environment: 'production',
    givenNames: 'Jānis Pēteris',
    surname: 'Bērziņš',
    sex: 'M',
    birthDate: '1980-02-29',
  });
  ilze = await registerPerson(ctx, {
    environment: 'production',
    givenNames: 'Ilze',
    surname: 'Kalniņa',
    birthDate: '1975-07-01',
  });
  testPerson = await registerPerson(ctx, { environment: 'test', givenNames: 'Testa', surname: 'Persona' });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

/** A private company with a production client, a purpose and `balanceCents` on its account. */
async function payingOrganisation(
  balanceCents: number,
  purpose: Parameters<typeof createQueryPurpose>[2] = {},
) {
  const organisation = await createOrganisation(testDb.db);
  if (balanceCents > 0) await topUp(testDb.db, organisation.id, balanceCents);
  const purposeId = await createQueryPurpose(testDb.db, organisation.id, purpose);
  const token = await clientToken(testDb.db, server.baseUrl, organisation.id, 'production');
  return { organisation, purposeId, token };
}

/** A problem's extension member (`fields`, `requiredCents`, …), which the base schema does not name. */
function member(problem: object, name: string): unknown {
  return Reflect.get(problem, name);
}

/** The delivery statements so far and the queries they delivered, from `/metrics`. */
async function deliveryStatements(): Promise<{ statements: number; requests: number }> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    statements: value('fpr_person_deliveries_per_statement_count'),
    requests: value('fpr_person_deliveries_per_statement_sum'),
  };
}

function query(token: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/api/v1/persons/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function ledgerOf(organisationId: string) {
  return testDb.db
    .selectFrom('ledgerEntry')
    .select(['kind', 'amountCents'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

async function auditOf(organisationId: string) {
  return testDb.db
    .selectFrom('auditEvent')
    .select([
      'personalCode',
      'fields',
      'feeCents',
      'queryType',
      'searchParameters',
      'actorKind',
      'caseReference',
      'endUser',
    ])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

describe('byPersonalCode', () => {
  it('delivers only the requested fields, in the order asked, charging and auditing each person once', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000);
    const response = await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity.surname', 'residence.declaredAddress'],
      personalCodes: [ilze.replace('-', ''), generateNewPersonalCode(Math.random), janis],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { persons: Array<Record<string, unknown>>; charge: unknown };
    expect(body.persons.map((person) => person.personalCode)).toEqual([ilze, janis]);
    expect(Object.keys(body.persons[0] ?? {}).sort()).toEqual([
      'identity',
      'personalCode',
      'residence',
      'status',
      'version',
    ]);
    expect(body.persons[1]?.identity).toEqual({ surname: 'Bērziņš' });
    expect(body.charge).toEqual({ persons: 2, amountCents: 400, currency: 'EUR', balanceCents: 9_600 });
    expect(await ledgerOf(organisation.id)).toEqual(
      [
        { kind: 'topUp', amountCents: '10000' },
        { kind: 'charge', amountCents: '-400' },
      ].map((entry) => ({ ...entry, amountCents: expect.anything() })),
    );
    const audit = await auditOf(organisation.id);
    expect(
      audit.map((row) => [
        row.personalCode,
        row.feeCents,
        row.queryType,
        row.searchParameters,
        row.actorKind,
      ]),
    ).toEqual([
      [ilze, 200, 'byPersonalCode', ['personalCodes'], 'client'],
      [janis, 200, 'byPersonalCode', ['personalCodes'], 'client'],
    ]);
    expect(audit[0]?.fields).toEqual(['identity.surname', 'residence.declaredAddress']);
  });

  it('answers concurrent queries each with its own persons, charge and audit, and counts their statements', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000, { scopes: ['identity'] });
    const body = { type: 'byPersonalCode', purposeId, fields: ['identity.surname'], personalCodes: [janis] };
    // The first query reads and remembers the purpose; then twenty at once.
    expect((await query(token, body)).status).toBe(200);
    const before = await deliveryStatements();
    const responses = await Promise.all(Array.from({ length: 20 }, () => query(token, body)));
    const answers = (await Promise.all(responses.map((response) => response.json()))) as Array<{
      persons: Array<{ personalCode: string }>;
      charge: { amountCents: number; balanceCents: number };
    }>;
    const after = await deliveryStatements();

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) {
      expect(answer.persons.map((person) => person.personalCode)).toEqual([janis]);
      expect(answer.charge.amountCents).toBe(200);
    }
    // As if one after the other: each saw its own balance, from 9,600 down to 5,800.
    const balances = answers.map((answer) => answer.charge.balanceCents).sort((a, b) => b - a);
    expect(balances).toEqual(Array.from({ length: 20 }, (_none, index) => 9_600 - 200 * index));
    expect(await ledgerOf(organisation.id)).toHaveLength(22);
    expect(await auditOf(organisation.id)).toHaveLength(21);
    // Every query counted in the statement that delivered it. How many went together depends on
    // when each arrived; delivery-queue.test.ts proves the grouping itself.
    expect(after.requests - before.requests).toBe(20);
    expect(after.statements - before.statements).toBeGreaterThanOrEqual(1);
    expect(after.statements - before.statements).toBeLessThanOrEqual(20);
  });

  it('refuses the whole request when a field is outside the purpose, charging nothing', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000);
    const response = await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity', 'death', 'residence'],
      personalCodes: [janis],
    });
    const problem = await readProblem(response);
    expect([problem.status, problem.code, member(problem, 'fields')]).toEqual([
      403,
      'unauthorizedField',
      ['death', 'residence'],
    ]);
    expect(await auditOf(organisation.id)).toEqual([]);
    expect((await ledgerOf(organisation.id)).length).toBe(1);
  });

  it('answers 402 when the balance does not cover the fee, delivering and charging nothing', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(300);
    const response = await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity'],
      personalCodes: [janis, ilze],
    });
    const problem = await readProblem(response);
    expect([
      problem.status,
      problem.code,
      member(problem, 'requiredCents'),
      member(problem, 'balanceCents'),
    ]).toEqual([402, 'insufficientBalance', 400, 300]);
    expect(await auditOf(organisation.id)).toEqual([]);
    expect((await ledgerOf(organisation.id)).map((entry) => entry.kind)).toEqual(['topUp']);
  });

  it('lists every invalid parameter at once', async () => {
    const { purposeId, token } = await payingOrganisation(0);
    const valid = generateOldPersonalCode('1980-01-01', Math.random);
    const wrongCheckDigit = `${valid.slice(0, 11)}${(Number(valid[11]) + 1) % 10}`;
    const codes = ['123', wrongCheckDigit, '310290-12345', '010190-30000', '<script>'];
    const response = await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity', 'nonsense', 'birth.shoeSize'],
      personalCodes: codes,
      surname: 'X',
    });
    const problem = await readProblem(response);
    expect(problem.code).toBe('paramsValidation');
    const names = problem.invalidParams?.map((param) => param.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['personalCodes[0]', 'personalCodes[4]', 'surname']));
    const domain = await readProblem(
      await query(token, {
        type: 'byPersonalCode',
        purposeId,
        fields: ['identity', 'nonsense', 'birth.shoeSize'],
        personalCodes: codes.slice(1, 4),
      }),
    );
    expect(domain.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['fields[1]', 'unknownScope'],
      ['fields[2]', 'unknownField'],
      ['personalCodes[0]', 'checksum'],
      ['personalCodes[1]', 'date'],
      ['personalCodes[2]', 'century'],
    ]);
    const shapes = await readProblem(
      await query(token, {
        type: 'byPersonalCode',
        purposeId,
        fields: 'identity,death',
        personalCodes: Array(101).fill(janis),
      }),
    );
    expect(shapes.invalidParams?.map((param) => param.name).sort()).toEqual(['fields', 'personalCodes']);
    const empty = await readProblem(
      await query(token, { type: 'byPersonalCode', purposeId, fields: [], personalCodes: [janis] }),
    );
    expect(empty.invalidParams?.map((param) => param.name)).toEqual(['fields']);
  });

  it('answers a retry with the same Idempotency-Key once, and refuses the key with another body', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000);
    const body = { type: 'byPersonalCode', purposeId, fields: ['identity'], personalCodes: [janis] };
    const first = await (await query(token, body, { 'idempotency-key': 'retry-1' })).json();
    const second = await (await query(token, body, { 'idempotency-key': 'retry-1' })).json();
    expect(second).toEqual(first);
    expect((await ledgerOf(organisation.id)).map((entry) => entry.kind)).toEqual(['topUp', 'charge']);
    expect((await auditOf(organisation.id)).length).toBe(1);
    const other = await query(token, { ...body, personalCodes: [ilze] }, { 'idempotency-key': 'retry-1' });
    expect((await readProblem(other)).code).toBe('idempotencyKeyReused');
  });
});

describe('searches', () => {
  it('finds by surname and birth date regardless of case and diacritics, and by one of the given names', async () => {
    const { purposeId, token } = await payingOrganisation(10_000);
    const response = await query(token, {
      type: 'byNameAndBirthDate',
      purposeId,
      fields: ['identity'],
      surname: 'BERZINS',
      givenName: 'peteris',
      birthDate: '1980-02-29',
    });
    const body = (await response.json()) as { persons: Array<{ personalCode: string }> };
    expect(body.persons.map((person) => person.personalCode)).toEqual([janis]);
  });

  it('refuses a search parameter whose scope the purpose lacks', async () => {
    const { purposeId, token } = await payingOrganisation(10_000, { scopes: ['identity'], fields: [] });
    const problem = await readProblem(
      await query(token, { type: 'byAddress', purposeId, fields: ['identity'], addressCode: '100000001' }),
    );
    expect([problem.code, member(problem, 'parameters')]).toEqual(['unauthorizedParameter', ['addressCode']]);
  });

  it('answers tooManyResults above the cap, charging nothing', async () => {
    const ctx = registerContext(testDb.db);
    for (let index = 0; index < 11; index += 1) {
      await registerPerson(ctx, { environment: 'production', surname: 'Ozoliņa', birthDate: '1991-03-03' });
    }
    const { organisation, purposeId, token } = await payingOrganisation(10_000);
    const problem = await readProblem(
      await query(token, {
        type: 'byNameAndBirthDate',
        purposeId,
        fields: ['identity'],
        surname: 'ozolina',
        birthDate: '1991-03-03',
      }),
    );
    expect(problem.code).toBe('tooManyResults');
    expect(await auditOf(organisation.id)).toEqual([]);
  });
});

describe('purpose binding and environments', () => {
  it('requires the case reference and X-End-User where the purpose says so, and records them', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000, {
      requiresCaseReference: true,
      requiresEndUser: true,
    });
    const missing = await readProblem(
      await query(token, { type: 'byPersonalCode', purposeId, fields: ['identity'], personalCodes: [janis] }),
    );
    expect(missing.invalidParams?.map((param) => param.name)).toEqual(['caseReference', 'X-End-User']);
    const ok = await query(
      token,
      {
        type: 'byPersonalCode',
        purposeId,
        fields: ['identity'],
        personalCodes: [janis],
        caseReference: 'LIETA-7',
      },
      { 'x-end-user': 'operator 12' },
    );
    expect(ok.status).toBe(200);
    expect((await auditOf(organisation.id)).map((row) => [row.caseReference, row.endUser])).toEqual([
      ['LIETA-7', 'operator 12'],
    ]);
  });

  it('follows a purpose suspended and reactivated between two queries, charging only while it is active', async () => {
    const { organisation, purposeId, token } = await payingOrganisation(10_000);
    const body = { type: 'byPersonalCode', purposeId, fields: ['identity'], personalCodes: [janis] };
    expect((await query(token, body)).status).toBe(200);
    await testDb.db.updateTable('purpose').set({ status: 'suspended' }).where('id', '=', purposeId).execute();
    const refused = await query(token, body);
    expect(refused.status).toBe(403);
    expect((await readProblem(refused)).code).toBe('purposeNotPermitted');
    await testDb.db.updateTable('purpose').set({ status: 'active' }).where('id', '=', purposeId).execute();
    expect((await query(token, body)).status).toBe(200);
    expect((await ledgerOf(organisation.id)).map((entry) => entry.kind)).toEqual([
      'topUp',
      'charge',
      'charge',
    ]);
    expect(await auditOf(organisation.id)).toHaveLength(2);
  });

  it('refuses another organisation’s purpose like an unknown one', async () => {
    const theirs = await payingOrganisation(0);
    const { token } = await payingOrganisation(10_000);
    const problem = await readProblem(
      await query(token, {
        type: 'byPersonalCode',
        purposeId: theirs.purposeId,
        fields: ['identity'],
        personalCodes: [janis],
      }),
    );
    expect(problem.code).toBe('purposeNotPermitted');
  });

  it('never charges in the test environment, and a test token never reads production persons', async () => {
    const organisation = await createOrganisation(testDb.db);
    const purposeId = await createQueryPurpose(testDb.db, organisation.id);
    const token = await clientToken(testDb.db, server.baseUrl, organisation.id, 'test');
    const response = await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity'],
      personalCodes: [testPerson, janis],
    });
    const body = (await response.json()) as { persons: Array<{ personalCode: string }>; charge: unknown };
    expect(body.persons.map((person) => person.personalCode)).toEqual([testPerson]);
    expect(body.charge).toBeNull();
  });

  it('never charges a fee-exempt organisation', async () => {
    const organisation = await createOrganisation(testDb.db, {
      legalForm: 'publicLaw',
      feeExemptionReason: 'State institution',
    });
    const purposeId = await createQueryPurpose(testDb.db, organisation.id);
    const token = await clientToken(testDb.db, server.baseUrl, organisation.id, 'production');
    const body = (await (
      await query(token, { type: 'byPersonalCode', purposeId, fields: ['identity'], personalCodes: [janis] })
    ).json()) as { charge: unknown };
    expect(body.charge).toBeNull();
    expect((await auditOf(organisation.id)).map((row) => row.feeCents)).toEqual([0]);
  });

  it('lets a PDP user query through the pdp channel, audited as the user', async () => {
    const organisation = await createOrganisation(testDb.db);
    const purposeId = await createQueryPurpose(testDb.db, organisation.id, { channels: ['pdp'] });
    const user = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: organisation.id,
      environment: 'test',
    });
    const response = await fetch(`${server.baseUrl}/api/v1/persons/query`, {
      method: 'POST',
      headers: user.session.headers(),
      body: JSON.stringify({
        type: 'byPersonalCode',
        purposeId,
        fields: ['identity.givenNames'],
        personalCodes: [testPerson],
      }),
    });
    expect(response.status).toBe(200);
    expect((await auditOf(organisation.id)).map((row) => row.actorKind)).toEqual(['user']);
    const apiOnly = await createQueryPurpose(testDb.db, organisation.id, { channels: ['api'] });
    const refused = await fetch(`${server.baseUrl}/api/v1/persons/query`, {
      method: 'POST',
      headers: user.session.headers(),
      body: JSON.stringify({
        type: 'byPersonalCode',
        purposeId: apiOnly,
        fields: ['identity'],
        personalCodes: [testPerson],
      }),
    });
    expect((await readProblem(refused)).code).toBe('purposeNotPermitted');
  });

  it('never writes a personal code into the log', async () => {
    const { purposeId, token } = await payingOrganisation(10_000);
    await query(token, {
      type: 'byPersonalCode',
      purposeId,
      fields: ['identity'],
      personalCodes: [janis, '123'],
    });
    const digits = janis.replace('-', '');
    expect(logLines.filter((line) => line.includes(janis) || line.includes(digits))).toEqual([]);
  });
});
