import type { Connection, ConnectionWithHistory } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createConnection } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function administrator() {
  return userWithSession(testDb.db, { role: 'administrator' });
}

function history(connectionId: string) {
  return testDb.db
    .selectFrom('connectionEvent')
    .select(['action', 'fromStatus', 'toStatus', 'reason', 'actorUserId', 'detail'])
    .where('connectionId', '=', connectionId)
    .orderBy('id')
    .execute();
}

describe('configuring connections', () => {
  it('creates one configured connection per environment and records who did it', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const path = `/api/v1/admin/organisations/${organisation.id}/connections`;
    const response = await call('POST', path, admin.session.headers(), {
      environment: 'test',
      ipAllowList: ['192.0.2.0/24', '2001:DB8::/32', '198.51.100.7'],
      rateLimitPerMinute: 120,
    });
    expect(response.status).toBe(201);
    const connection = (await response.json()) as Connection;
    expect(connection).toMatchObject({
      organisationId: organisation.id,
      environment: 'test',
      status: 'configured',
      ipAllowList: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7/32'],
      rateLimitPerMinute: 120,
    });
    expect(await history(connection.id)).toEqual([
      {
        action: 'created',
        fromStatus: null,
        toStatus: 'configured',
        reason: null,
        actorUserId: admin.id,
        detail: {
          ipAllowList: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.7/32'],
          rateLimitPerMinute: 120,
        },
      },
    ]);
    const second = await call('POST', path, admin.session.headers(), { environment: 'test' });
    expect((await readProblem(second)).code).toBe('conflict');
    const production = await call('POST', path, admin.session.headers(), { environment: 'production' });
    expect(production.status).toBe(201);
    expect(((await production.json()) as Connection).rateLimitPerMinute).toBe(600);
  });

  it('answers 404 for an unknown organisation', async () => {
    const admin = await administrator();
    const response = await call(
      'POST',
      '/api/v1/admin/organisations/00000000-0000-4000-8000-000000000000/connections',
      admin.session.headers(),
      { environment: 'test' },
    );
    expect((await readProblem(response)).code).toBe('notFound');
  });

  it('lists every invalid parameter at once', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const path = `/api/v1/admin/organisations/${organisation.id}/connections`;
    const schema = await readProblem(
      await call('POST', path, admin.session.headers(), {
        environment: 'staging',
        ipAllowList: ['not a block', '10.0.0.0/8', '10.0.0.1/8'],
        rateLimitPerMinute: 0,
        colour: 'red',
      }),
    );
    expect(schema.code).toBe('paramsValidation');
    // The schema's complaints and the exact CIDR rule's, in one answer.
    expect(schema.invalidParams?.map((param) => param.name).sort()).toEqual([
      'colour',
      'environment',
      'ipAllowList[0]',
      'ipAllowList[2]',
      'rateLimitPerMinute',
    ]);
    const blocks = await readProblem(
      await call('POST', path, admin.session.headers(), {
        environment: 'test',
        ipAllowList: ['10.0.0.1/8', '192.0.2.0/24', '300.1.1.1', '10.0.0.0/40'],
      }),
    );
    expect(blocks.invalidParams).toEqual([
      { name: 'ipAllowList[0]', code: 'hostBitsSet', reason: expect.any(String) },
      { name: 'ipAllowList[2]', code: 'malformed', reason: expect.any(String) },
      { name: 'ipAllowList[3]', code: 'prefixLength', reason: expect.any(String) },
    ]);
    expect(
      await testDb.db
        .selectFrom('connection')
        .select('id')
        .where('organisationId', '=', organisation.id)
        .execute(),
    ).toEqual([]);
  });

  it('changes the allow-list and rate limit, keeping the settings before and after', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const path = `/api/v1/admin/connections/${connection.id}`;
    const response = await call('PATCH', path, admin.session.headers(), {
      ipAllowList: ['203.0.113.0/24'],
      reason: 'New office network',
    });
    expect(((await response.json()) as Connection).ipAllowList).toEqual(['203.0.113.0/24']);
    await call('PATCH', path, admin.session.headers(), { rateLimitPerMinute: 30 });
    expect(await history(connection.id)).toEqual([
      {
        action: 'settingsChanged',
        fromStatus: 'active',
        toStatus: 'active',
        reason: 'New office network',
        actorUserId: admin.id,
        detail: {
          before: { ipAllowList: [], rateLimitPerMinute: 600 },
          after: { ipAllowList: ['203.0.113.0/24'], rateLimitPerMinute: 600 },
        },
      },
      {
        action: 'settingsChanged',
        fromStatus: 'active',
        toStatus: 'active',
        reason: null,
        actorUserId: admin.id,
        detail: {
          before: { ipAllowList: ['203.0.113.0/24'], rateLimitPerMinute: 600 },
          after: { ipAllowList: ['203.0.113.0/24'], rateLimitPerMinute: 30 },
        },
      },
    ]);
    const nothing = await readProblem(
      await call('PATCH', path, admin.session.headers(), { reason: 'Nothing' }),
    );
    expect(nothing.invalidParams?.map((param) => param.name)).toEqual(['body']);
    const invalid = await readProblem(
      await call('PATCH', path, admin.session.headers(), {
        ipAllowList: ['10.0.0.1/8'],
        rateLimitPerMinute: -1,
      }),
    );
    expect(invalid.invalidParams?.map((param) => param.name).sort()).toEqual([
      'ipAllowList[0]',
      'rateLimitPerMinute',
    ]);
    const unknown = await call(
      'PATCH',
      '/api/v1/admin/connections/00000000-0000-4000-8000-000000000000',
      admin.session.headers(),
      { rateLimitPerMinute: 5 },
    );
    expect((await readProblem(unknown)).code).toBe('notFound');
  });
});

describe('connection status', () => {
  it('walks configured → active ⇄ suspended with who, when and why', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
      status: 'configured',
    });
    const base = `/api/v1/admin/connections/${connection.id}`;
    const step = async (name: string, body: unknown) =>
      call('POST', `${base}/${name}`, admin.session.headers(), body);
    expect(((await (await step('activate', {})).json()) as Connection).status).toBe('active');
    expect((await readProblem(await step('activate', {}))).code).toBe('conflict');
    expect((await readProblem(await step('restore', { reason: 'Not suspended' }))).code).toBe('conflict');
    expect(((await (await step('suspend', { reason: 'Unpaid invoices' })).json()) as Connection).status).toBe(
      'suspended',
    );
    expect((await readProblem(await step('suspend', { reason: 'Again' }))).code).toBe('conflict');
    expect((await readProblem(await step('activate', {}))).code).toBe('conflict');
    expect(((await (await step('restore', { reason: 'Invoices paid' })).json()) as Connection).status).toBe(
      'active',
    );
    const detail = (await (await call('GET', base, admin.session.headers())).json()) as ConnectionWithHistory;
    expect(
      detail.events.map(({ action, fromStatus, toStatus, reason, actorUserId }) => ({
        action,
        fromStatus,
        toStatus,
        reason,
        actorUserId,
      })),
    ).toEqual([
      {
        action: 'activated',
        fromStatus: 'configured',
        toStatus: 'active',
        reason: null,
        actorUserId: admin.id,
      },
      {
        action: 'suspended',
        fromStatus: 'active',
        toStatus: 'suspended',
        reason: 'Unpaid invoices',
        actorUserId: admin.id,
      },
      {
        action: 'restored',
        fromStatus: 'suspended',
        toStatus: 'active',
        reason: 'Invoices paid',
        actorUserId: admin.id,
      },
    ]);
    expect(detail.events.every((event) => !Number.isNaN(Date.parse(event.at)))).toBe(true);
    expect(await history(connection.id)).toHaveLength(3);
  });

  it('needs a reason to suspend or restore', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const problem = await readProblem(
      await call('POST', `/api/v1/admin/connections/${connection.id}/suspend`, admin.session.headers(), {
        reason: '',
        extra: true,
      }),
    );
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual(['extra', 'reason']);
    expect(await history(connection.id)).toEqual([]);
  });

  it('refuses a state change without the CSRF header', async () => {
    const admin = await administrator();
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const { 'x-csrf-token': _csrf, ...headers } = admin.session.headers();
    const response = await call('POST', `/api/v1/admin/connections/${connection.id}/suspend`, headers, {
      reason: 'Testing CSRF',
    });
    expect((await readProblem(response)).code).toBe('forbidden');
    const row = await testDb.db
      .selectFrom('connection')
      .select('status')
      .where('id', '=', connection.id)
      .executeTakeFirst();
    expect(row?.status).toBe('active');
    expect(await history(connection.id)).toEqual([]);
  });
});

describe('who may see and change connections', () => {
  it('lets only administrators change them; other staff may read', async () => {
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer' });
    const suspend = await call(
      'POST',
      `/api/v1/admin/connections/${connection.id}/suspend`,
      reviewer.session.headers(),
      {
        reason: 'Not my job',
      },
    );
    expect((await readProblem(suspend)).code).toBe('forbidden');
    const create = await call(
      'POST',
      `/api/v1/admin/organisations/${organisation.id}/connections`,
      reviewer.session.headers(),
      { environment: 'production' },
    );
    expect((await readProblem(create)).code).toBe('forbidden');
    const list = await call(
      'GET',
      `/api/v1/admin/connections?organisationId=${organisation.id}`,
      reviewer.session.headers(),
    );
    expect(((await list.json()) as { connections: Connection[] }).connections.map((c) => c.id)).toEqual([
      connection.id,
    ]);
  });

  it('shows an organisation its own connections only, and no PMLP route', async () => {
    const [ours, theirs] = [await createOrganisation(testDb.db), await createOrganisation(testDb.db)];
    const own = await createConnection(testDb.db, { organisationId: ours.id, environment: 'test' });
    const foreign = await createConnection(testDb.db, { organisationId: theirs.id, environment: 'test' });
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id });
    const list = await call('GET', '/api/v1/org/connections', contact.session.headers());
    expect(((await list.json()) as { connections: Connection[] }).connections.map((c) => c.id)).toEqual([
      own.id,
    ]);
    const detail = await call('GET', `/api/v1/admin/connections/${foreign.id}`, contact.session.headers());
    expect((await readProblem(detail)).code).toBe('forbidden');
    const pdpUser = await userWithSession(testDb.db, { role: 'pdpUser', organisationId: ours.id });
    expect(
      (await readProblem(await call('GET', '/api/v1/org/connections', pdpUser.session.headers()))).code,
    ).toBe('forbidden');
  });
});
