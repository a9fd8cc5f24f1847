import type { ChangeFeedPage, Environment } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type TestSession, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createConnection } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createMonitoringPurpose, monitoringClient, sealFeed } from '../../../test/monitoring-fixtures';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import { recordLifeEvent } from '../register/register.service';

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

/** An organisation with a monitoring purpose (API channel only, as a system integration has) and its contact person. */
async function contactPerson() {
  const organisation = await createOrganisation(testDb.db);
  const purposeId = await createMonitoringPurpose(testDb.db, organisation.id, {
    channels: ['api'],
    scopes: ['identity'],
    fields: [],
  });
  const user = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: organisation.id });
  return { organisation, purposeId, user };
}

function call(session: TestSession, method: string, path: string, body?: unknown) {
  return fetch(`${server.baseUrl}/api/v1/monitoring${path}`, {
    method,
    headers: session.headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function subscriptionRows(organisationId: string) {
  return testDb.db
    .selectFrom('monitoringSubscription')
    .innerJoin('person', 'person.id', 'monitoringSubscription.personId')
    .select([
      'person.personalCode',
      'monitoringSubscription.environment',
      'subscribedBy',
      'endedAt',
      'endedBy',
    ])
    .where('organisationId', '=', organisationId)
    .orderBy('monitoringSubscription.id')
    .execute();
}

async function feedAudit(organisationId: string) {
  return testDb.db
    .selectFrom('auditEvent')
    .select(['personalCode', 'environment', 'queryType', 'actorKind', 'actorId', 'feeCents'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

describe.each(['test', 'production'] as const)('a contact person in the %s environment', (environment) => {
  it('adds, lists, reads the changes of and removes persons, each recorded as theirs', async () => {
    const { organisation, purposeId, user } = await contactPerson();
    const q = `?environment=${environment}`;
    const code = await registerPerson(registerContext(testDb.db), { environment });
    const added = await call(user.session, 'POST', `/subscriptions${q}`, {
      purposeId,
      personalCodes: [code],
    });
    expect(await added.json()).toEqual({ results: [{ personalCode: code, outcome: 'added' }] });
    expect(await subscriptionRows(organisation.id)).toEqual([
      { personalCode: code, environment, subscribedBy: `user:${user.id}`, endedAt: null, endedBy: null },
    ]);

    const listed = await (await call(user.session, 'GET', `/subscriptions${q}`)).json();
    expect(listed).toMatchObject({ subscriptions: [{ personalCode: code, purposeId }], next: null });
    const other: Environment = environment === 'test' ? 'production' : 'test';
    const elsewhere = await (await call(user.session, 'GET', `/subscriptions?environment=${other}`)).json();
    expect(elsewhere).toEqual({ subscriptions: [], next: null });

    await recordLifeEvent(registerContext(testDb.db), {
      environment,
      type: 'nameChanged',
      personalCode: code,
      surname: 'Ozola',
      reason: 'marriage',
    });
    await sealFeed(testDb.db);
    const feed = await call(user.session, 'GET', `/changes${q}&after=0`);
    expect(feed.status).toBe(200);
    const page = (await feed.json()) as ChangeFeedPage;
    expect(page.changes.map((change) => [change.personalCode, change.type])).toEqual([[code, 'nameChanged']]);
    // The first delivery is audited as for any other consumer: the contact person, no fee.
    expect(await feedAudit(organisation.id)).toEqual([
      {
        personalCode: code,
        environment,
        queryType: 'monitoringFeed',
        actorKind: 'user',
        actorId: user.id,
        feeCents: 0,
      },
    ]);

    const reconciled = await call(user.session, 'POST', `/reconcile${q}`, {
      persons: [{ personalCode: code, version: 1 }],
    });
    expect(await reconciled.json()).toEqual({ stale: [code], unknown: [] });

    const removed = await call(user.session, 'POST', `/subscriptions/remove${q}`, { personalCodes: [code] });
    expect(await removed.json()).toEqual({ results: [{ personalCode: code, outcome: 'removed' }] });
    expect((await subscriptionRows(organisation.id))[0]).toMatchObject({
      endedAt: expect.any(Date),
      endedBy: `user:${user.id}`,
    });
  });
});

describe('a contact person', () => {
  it('uploads a file of codes into the environment named', async () => {
    const { organisation, purposeId, user } = await contactPerson();
    const code = await registerPerson(registerContext(testDb.db));
    const answer = await fetch(
      `${server.baseUrl}/api/v1/monitoring/subscriptions/upload?environment=test&purposeId=${purposeId}`,
      {
        method: 'POST',
        headers: user.session.headers({ 'content-type': 'text/csv' }),
        body: `personalCode\n${code}\nnot-a-code\n`,
      },
    );
    expect(await answer.json()).toEqual({
      results: [
        { line: 2, personalCode: code, outcome: 'added' },
        { line: 3, personalCode: 'not-a-code', outcome: 'invalid' },
      ],
    });
    expect((await subscriptionRows(organisation.id)).map((row) => row.environment)).toEqual(['test']);
  });

  it('must name the environment, on every monitoring route', async () => {
    const { organisation, purposeId, user } = await contactPerson();
    const code = await registerPerson(registerContext(testDb.db));
    const calls = [
      call(user.session, 'POST', '/subscriptions', { purposeId, personalCodes: [code] }),
      call(user.session, 'POST', '/subscriptions/remove', { personalCodes: [code] }),
      call(user.session, 'GET', '/subscriptions'),
      call(user.session, 'GET', '/changes?after=0'),
      call(user.session, 'POST', '/reconcile', { persons: [{ personalCode: code, version: 1 }] }),
    ];
    for (const answer of await Promise.all(calls)) {
      expect(answer.status).toBe(400);
      expect((await readProblem(answer)).invalidParams).toEqual([
        { name: 'environment', code: 'required', reason: expect.any(String) },
      ]);
    }
    const invalid = await call(user.session, 'GET', '/subscriptions?environment=staging');
    expect(invalid.status).toBe(400);
    expect((await readProblem(invalid)).invalidParams?.map((param) => param.name)).toEqual(['environment']);
    expect(await subscriptionRows(organisation.id)).toEqual([]);
    expect(await feedAudit(organisation.id)).toEqual([]);
  });

  it('cannot use another organisation’s purpose, nor one without monitoring or the environment', async () => {
    const { organisation, user } = await contactPerson();
    const stranger = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const noMonitoring = await createMonitoringPurpose(testDb.db, organisation.id, { isMonitoring: false });
    const productionOnly = await createMonitoringPurpose(testDb.db, organisation.id, {
      environments: ['production'],
    });
    const code = await registerPerson(registerContext(testDb.db));
    for (const purposeId of [stranger.purposeId, noMonitoring, productionOnly]) {
      const answer = await call(user.session, 'POST', '/subscriptions?environment=test', {
        purposeId,
        personalCodes: [code],
      });
      expect(answer.status).toBe(403);
      expect((await readProblem(answer)).code).toBe('purposeNotPermitted');
    }
    expect(await subscriptionRows(organisation.id)).toEqual([]);
    expect(await subscriptionRows(stranger.organisation.id)).toEqual([]);
  });

  it('is refused in an environment whose connection is suspended, and not in the other', async () => {
    const { organisation, user } = await contactPerson();
    await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
      status: 'suspended',
    });
    const production = await call(user.session, 'GET', '/subscriptions?environment=production');
    expect(production.status).toBe(403);
    expect((await readProblem(production)).code).toBe('connectionSuspended');
    expect((await call(user.session, 'GET', '/subscriptions?environment=test')).status).toBe(200);
  });

  it('sees nothing of another organisation’s monitoring', async () => {
    const owner = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const code = await registerPerson(registerContext(testDb.db));
    await owner.call('POST', '/subscriptions', { purposeId: owner.purposeId, personalCodes: [code] });
    const { user } = await contactPerson();
    const listed = await (await call(user.session, 'GET', '/subscriptions?environment=test')).json();
    expect(listed).toEqual({ subscriptions: [], next: null });
    const removed = await call(user.session, 'POST', '/subscriptions/remove?environment=test', {
      personalCodes: [code],
    });
    expect(await removed.json()).toEqual({ results: [{ personalCode: code, outcome: 'notSubscribed' }] });
    expect((await subscriptionRows(owner.organisation.id)).map((row) => row.endedAt)).toEqual([null]);
  });
});

describe('a caller bound to one environment', () => {
  it('is refused naming another: a client by its token, a PDP user by their own', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const clientAnswer = await client.call('GET', '/subscriptions?environment=production');
    expect(clientAnswer.status).toBe(403);
    expect((await readProblem(clientAnswer)).code).toBe('environmentMismatch');
    expect((await client.call('GET', '/subscriptions?environment=test')).status).toBe(200);

    const pdpUser = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: client.organisation.id,
      environment: 'production',
    });
    const userAnswer = await call(pdpUser.session, 'GET', '/changes?environment=test');
    expect(userAnswer.status).toBe(403);
    expect((await readProblem(userAnswer)).code).toBe('environmentMismatch');
    expect((await call(pdpUser.session, 'GET', '/subscriptions')).status).toBe(200);
  });

  it('refuses PMLP staff', async () => {
    const administrator = await userWithSession(testDb.db, { role: 'administrator' });
    const answer = await call(administrator.session, 'GET', '/subscriptions?environment=test');
    expect(answer.status).toBe(403);
  });
});
