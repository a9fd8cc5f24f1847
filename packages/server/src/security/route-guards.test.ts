import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type TestSession, userWithSession } from '../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';

/**
 * Every API route is guarded on the server: this walks the generated OpenAPI document, so a route
 * added tomorrow is covered without anyone remembering to add it here.
 */
let testDb: TestDatabase;
let server: TestApp;
let routes: Array<{ method: string; path: string }>;

// Open by design: people and systems authenticate through them.
const publicRoutes = new Set(['POST /api/v1/auth/login', 'POST /oauth/token']);
const anyId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
  const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function call(route: { method: string; path: string }, session?: TestSession) {
  const url = `${server.baseUrl}${route.path.replace(/\{[^}]+\}/g, anyId)}`;
  const hasBody = !['GET', 'DELETE'].includes(route.method);
  return fetch(url, {
    method: route.method,
    headers: session ? session.headers() : hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? '{}' : undefined,
  });
}

const guarded = () =>
  routes.filter(
    (route) =>
      (route.path.startsWith('/api/v1/') || route.path.startsWith('/oauth/')) &&
      !publicRoutes.has(`${route.method} ${route.path}`),
  );

describe('route guards', () => {
  it('finds the API in the OpenAPI document', () => {
    expect(guarded().length).toBeGreaterThan(10);
  });

  it('answers 401 to an anonymous call on every non-public API route, before reading its input', async () => {
    const answers = await Promise.all(
      guarded().map(async (route) => [`${route.method} ${route.path}`, (await call(route)).status]),
    );
    expect(answers.filter(([, status]) => status !== 401)).toEqual([]);
  });

  it('refuses PMLP staff on every organisation route', async () => {
    const staff = await userWithSession(testDb.db, { role: 'administrator' });
    const orgRoutes = guarded().filter((route) => route.path.startsWith('/api/v1/org/'));
    expect(orgRoutes.length).toBeGreaterThan(0);
    const answers = await Promise.all(
      orgRoutes.map(async (route) => [
        `${route.method} ${route.path}`,
        (await readProblem(await call(route, staff.session))).code,
      ]),
    );
    expect(answers.filter(([, code]) => code !== 'forbidden')).toEqual([]);
  });

  it('refuses an organisation’s people on every PMLP route', async () => {
    const organisation = await createOrganisation(testDb.db);
    const adminRoutes = guarded().filter((route) => route.path.startsWith('/api/v1/admin/'));
    for (const role of ['contactPerson', 'pdpUser'] as const) {
      const person = await userWithSession(testDb.db, { role, organisationId: organisation.id });
      const answers = await Promise.all(
        adminRoutes.map(async (route) => [
          `${route.method} ${route.path}`,
          (await readProblem(await call(route, person.session))).code,
        ]),
      );
      expect(answers.filter(([, code]) => code !== 'forbidden')).toEqual([]);
    }
  });
});
