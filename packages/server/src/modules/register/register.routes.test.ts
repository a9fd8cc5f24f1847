import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSession, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { fixedNow, registerContext, registerPerson } from '../../../test/register-fixtures';

let testDb: TestDatabase;
let server: TestApp;
let registrar: TestSession;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => fixedNow });
  registrar = (await userWithSession(testDb.db, { role: 'registrar', now: fixedNow })).session;
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function post(path: string, body: unknown, session: TestSession | null = registrar) {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: session ? session.headers() : { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The register's turns so far and the life events they carried, from `/metrics`. */
async function lifeEventTurns(): Promise<{ turns: number; events: number }> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { turns: value('fpr_life_events_per_turn_count'), events: value('fpr_life_events_per_turn_sum') };
}

describe('POST /api/v1/admin/register/events', () => {
  it('records a marriage and answers both changes', async () => {
    const ctx = registerContext(testDb.db);
    const [a, b] = [await registerPerson(ctx, { sex: 'M' }), await registerPerson(ctx)];
    const response = await post('/api/v1/admin/register/events', {
      type: 'married',
      environment: 'test',
      personalCode: a.replace('-', ''),
      spousePersonalCode: b,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { changes: Array<{ personalCode: string; type: string }> };
    expect(body.changes.map((c) => [c.personalCode, c.type])).toEqual([
      [a, 'married'],
      [b, 'married'],
    ]);
  });

  it('records concurrent registrars’ events through the register’s turns, each answered on its own', async () => {
    const ctx = registerContext(testDb.db);
    const codes = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerPerson(ctx)));
    const before = await lifeEventTurns();
    const responses = await Promise.all(
      codes.map((personalCode, index) =>
        post('/api/v1/admin/register/events', {
          type: 'addressDeclared',
          environment: 'test',
          personalCode,
          address: {
            addressCode: `10000010${index}`,
            text: `Tērbatas iela ${index + 2}, Rīga, LV-1011`,
            postcode: 'LV-1011',
            atvk: '0001000',
          },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(codes.map(() => 201));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{
      changes: Array<{ personalCode: string; version: number }>;
    }>;
    expect(bodies.map((body) => body.changes.map((c) => [c.personalCode, c.version]))).toEqual(
      codes.map((code) => [[code, 2]]),
    );
    const after = await lifeEventTurns();
    expect(after.events - before.events).toBe(6);
    expect(after.turns - before.turns).toBeGreaterThanOrEqual(1);
    expect(after.turns - before.turns).toBeLessThanOrEqual(6);
  });

  it('lists every invalid parameter of the chosen event type', async () => {
    const response = await post('/api/v1/admin/register/events', {
      type: 'married',
      environment: 'staging',
      personalCode: '12345',
      spousePersonalCode: 'abc',
      colour: 'blue',
    });
    const problem = await readProblem(response);
    expect(response.status).toBe(400);
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((p) => p.name).sort()).toEqual(
      ['colour', 'environment', 'personalCode', 'spousePersonalCode'].sort(),
    );
  });

  it('answers 409 for a contradiction and 404 for an unknown person', async () => {
    const ctx = registerContext(testDb.db);
    const code = await registerPerson(ctx, { birthDate: '2001-01-01' });
    const early = await post('/api/v1/admin/register/events', {
      type: 'died',
      environment: 'test',
      personalCode: code,
      effectiveDate: '2000-01-01',
    });
    expect((await readProblem(early)).code).toBe('conflict');
    expect(early.status).toBe(409);
    const unknown = await post('/api/v1/admin/register/events', {
      type: 'died',
      environment: 'test',
      personalCode: '010190-10415',
    });
    expect(unknown.status).toBe(404);
  });

  it('admits registrars only, with their CSRF token, and records who did it', async () => {
    const body = { type: 'divorced', environment: 'test', personalCode: '010190-10415' };
    expect((await post('/api/v1/admin/register/events', body, null)).status).toBe(401);
    const reviewer = (await userWithSession(testDb.db, { role: 'reviewer', now: fixedNow })).session;
    expect((await readProblem(await post('/api/v1/admin/register/events', body, reviewer))).code).toBe(
      'forbidden',
    );
    const withoutCsrf = await fetch(`${server.baseUrl}/api/v1/admin/register/events`, {
      method: 'POST',
      headers: { cookie: registrar.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(withoutCsrf.status).toBe(403);
    const ctx = registerContext(testDb.db);
    const [a, b] = [await registerPerson(ctx, { sex: 'M' }), await registerPerson(ctx)];
    const married = await post('/api/v1/admin/register/events', {
      type: 'married',
      environment: 'test',
      personalCode: a,
      spousePersonalCode: b,
    });
    expect(married.status).toBe(201);
    const recorded = await testDb.db
      .selectFrom('changeEvent')
      .innerJoin('appUser', 'appUser.username', 'changeEvent.recordedBy')
      .select(['appUser.role'])
      .where('changeEvent.personalCode', '=', a)
      .execute();
    expect(recorded.map((row) => row.role)).toEqual(['registrar']);
  });

  it('answers a malformed body with a problem, never 500', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/admin/register/events`, {
      method: 'POST',
      headers: registrar.headers(),
      body: '{"type": "born",',
    });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).code).toBe('paramsValidation');
  });
});

describe('POST /api/v1/admin/register/persons/lookup', () => {
  it('returns the current record, every version and the change events; and a past version on request', async () => {
    const ctx = registerContext(testDb.db);
    const code = await registerPerson(ctx, { givenNames: 'Inese', surname: 'Jansone' });
    await post('/api/v1/admin/register/events', {
      type: 'nameChanged',
      environment: 'test',
      personalCode: code,
      surname: 'Bērziņa',
      reason: 'marriage abroad',
    });
    const current = await post('/api/v1/admin/register/persons/lookup', {
      environment: 'test',
      personalCode: code,
    });
    expect(current.status).toBe(200);
    const body = (await current.json()) as {
      version: number;
      record: { identity: { surname: string } };
      versions: unknown[];
      events: Array<{ type: string }>;
    };
    expect(body.version).toBe(2);
    expect(body.record.identity.surname).toBe('Bērziņa');
    expect(body.versions).toHaveLength(2);
    expect(body.events.map((e) => e.type)).toEqual(['registered', 'nameChanged']);
    const past = await post('/api/v1/admin/register/persons/lookup', {
      environment: 'test',
      personalCode: code,
      version: 1,
    });
    expect(
      ((await past.json()) as { record: { identity: { surname: string } } }).record.identity.surname,
    ).toBe('Jansone');
    const otherEnvironment = await post('/api/v1/admin/register/persons/lookup', {
      environment: 'production',
      personalCode: code,
    });
    expect(otherEnvironment.status).toBe(404);
  });
});
