import { generateNewPersonalCode } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createMonitoringPurpose, monitoringClient } from '../../../test/monitoring-fixtures';
import { insertSeededPerson, registerContext, registerPerson } from '../../../test/register-fixtures';
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

async function subscriptionRows(organisationId: string) {
  return testDb.db
    .selectFrom('monitoringSubscription')
    .innerJoin('person', 'person.id', 'monitoringSubscription.personId')
    .select(['person.personalCode', 'subscribedBy', 'endedAt', 'endedBy', 'endDate', 'purposeId'])
    .where('organisationId', '=', organisationId)
    .orderBy('monitoringSubscription.id')
    .execute();
}

describe('subscriptions', () => {
  it('adds persons once, answering each code its outcome, and records who added them', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const ctx = registerContext(testDb.db);
    const anna = await registerPerson(ctx);
    const oldCode = await insertSeededPerson(testDb.db, {
      personalCode: '010190-10415',
      sex: 'M',
      birthDate: '1990-01-01',
    });
    const unknown = generateNewPersonalCode(Math.random);
    const body = {
      purposeId: client.purposeId,
      personalCodes: [anna.replace('-', ''), oldCode, unknown, '010190-10416', anna],
    };
    const first = await client.call('POST', '/subscriptions', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      results: [
        { personalCode: anna, outcome: 'added' },
        { personalCode: oldCode, outcome: 'added' },
        { personalCode: unknown, outcome: 'notFound' },
        { personalCode: '010190-10416', outcome: 'invalid' },
        { personalCode: anna, outcome: 'alreadySubscribed' },
      ],
    });
    const again = await client.call('POST', '/subscriptions', body);
    expect(
      ((await again.json()) as { results: Array<{ outcome: string }> }).results.map((r) => r.outcome),
    ).toEqual(['alreadySubscribed', 'alreadySubscribed', 'notFound', 'invalid', 'alreadySubscribed']);
    const rows = await subscriptionRows(client.organisation.id);
    expect(rows.map((row) => row.personalCode)).toEqual([anna, oldCode]);
    expect(rows.every((row) => row.subscribedBy?.startsWith('client:') && row.endedAt === null)).toBe(true);
  });

  it('finds a person by the old code they changed', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const ctx = registerContext(testDb.db);
    const old = await insertSeededPerson(testDb.db, {
      personalCode: '150775-11784',
      sex: 'F',
      birthDate: '1975-07-15',
    });
    const [changed] = await recordLifeEvent(ctx, {
      type: 'personalCodeChanged',
      environment: 'test',
      personalCode: old,
    });
    const response = await client.call('POST', '/subscriptions', {
      purposeId: client.purposeId,
      personalCodes: [old],
    });
    expect(await response.json()).toEqual({ results: [{ personalCode: old, outcome: 'added' }] });
    expect((await subscriptionRows(client.organisation.id)).map((r) => r.personalCode)).toEqual([
      changed?.personalCode,
    ]);
  });

  it('removes, lists with a cursor, and keeps the closed period with who closed it', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const ctx = registerContext(testDb.db);
    const codes = [await registerPerson(ctx), await registerPerson(ctx), await registerPerson(ctx)];
    await client.call('POST', '/subscriptions', {
      purposeId: client.purposeId,
      personalCodes: codes,
      endDate: '2027-12-31',
    });
    const removal = await client.call('POST', '/subscriptions/remove', {
      personalCodes: [codes[1], codes[1]],
    });
    expect(await removal.json()).toEqual({
      results: [
        { personalCode: codes[1], outcome: 'removed' },
        { personalCode: codes[1], outcome: 'notSubscribed' },
      ],
    });
    const firstPage = (await (await client.call('GET', '/subscriptions?limit=1')).json()) as {
      subscriptions: Array<{ personalCode: string; endDate: string; purposeId: string }>;
      next: string;
    };
    expect(firstPage.subscriptions).toEqual([
      expect.objectContaining({ personalCode: codes[0], endDate: '2027-12-31', purposeId: client.purposeId }),
    ]);
    const secondPage = (await (
      await client.call('GET', `/subscriptions?limit=1&after=${firstPage.next}`)
    ).json()) as {
      subscriptions: Array<{ personalCode: string }>;
      next: string | null;
    };
    expect(secondPage.subscriptions.map((s) => s.personalCode)).toEqual([codes[2]]);
    expect(secondPage.next).toBeNull();
    const closed = (await subscriptionRows(client.organisation.id)).find((r) => r.personalCode === codes[1]);
    expect(closed?.endedAt).not.toBeNull();
    expect(closed?.endedBy).toMatch(/^client:/);
  });

  it('subscribes the codes of an uploaded file, line by line', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const ctx = registerContext(testDb.db);
    const [a, b] = [await registerPerson(ctx), await registerPerson(ctx)];
    const file = `\uFEFFpersonas kods\r\n${a}\r\n\r\n${b?.replace('-', '')}\r\nnav kods\r\n`;
    const response = await fetch(
      `${server.baseUrl}/api/v1/monitoring/subscriptions/upload?purposeId=${client.purposeId}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': 'text/csv' },
        body: file,
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        { line: 2, personalCode: a, outcome: 'added' },
        { line: 4, personalCode: b, outcome: 'added' },
        { line: 5, personalCode: 'nav kods', outcome: 'invalid' },
      ],
    });
    expect((await subscriptionRows(client.organisation.id)).map((r) => r.personalCode)).toEqual([a, b]);
    const empty = await fetch(
      `${server.baseUrl}/api/v1/monitoring/subscriptions/upload?purposeId=${client.purposeId}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': 'text/csv' },
        body: '\r\n',
      },
    );
    expect((await readProblem(empty)).invalidParams).toEqual([
      expect.objectContaining({ name: 'body', code: 'empty' }),
    ]);
  });

  it('lets a PDP user manage the subscriptions of their organisation and environment', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const user = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: client.organisation.id,
      environment: 'test',
    });
    const code = await registerPerson(registerContext(testDb.db));
    const response = await fetch(`${server.baseUrl}/api/v1/monitoring/subscriptions`, {
      method: 'POST',
      headers: user.session.headers(),
      body: JSON.stringify({ purposeId: client.purposeId, personalCodes: [code] }),
    });
    expect(response.status).toBe(200);
    expect((await subscriptionRows(client.organisation.id))[0]?.subscribedBy).toBe(`user:${user.id}`);
  });
});

describe('another organisation', () => {
  it('sees, removes and reconciles none of an organisation’s subscriptions', async () => {
    const owner = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const other = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const code = await registerPerson(registerContext(testDb.db));
    await owner.call('POST', '/subscriptions', { purposeId: owner.purposeId, personalCodes: [code] });
    expect(await (await other.call('GET', '/subscriptions')).json()).toEqual({
      subscriptions: [],
      next: null,
    });
    expect(
      await (await other.call('POST', '/subscriptions/remove', { personalCodes: [code] })).json(),
    ).toEqual({
      results: [{ personalCode: code, outcome: 'notSubscribed' }],
    });
    const reconcile = await other.call('POST', '/reconcile', {
      persons: [{ personalCode: code, version: 1 }],
    });
    expect(await reconcile.json()).toEqual({ stale: [], unknown: [code] });
    expect((await subscriptionRows(owner.organisation.id)).map((row) => row.endedAt)).toEqual([null]);
  });
});

describe('bad input', () => {
  it('names every code in a wrong format by its index', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const response = await client.call('POST', '/subscriptions', {
      purposeId: client.purposeId,
      personalCodes: ['010190-10415', '12345', '010190-10415', 'abcdefghijk'],
    });
    const problem = await readProblem(response);
    expect(response.status).toBe(400);
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['personalCodes[1]', 'personalCodes[3]']);
  });

  it('refuses more than 1,000 codes, an empty list and a past end date', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const tooMany = await client.call('POST', '/subscriptions', {
      purposeId: client.purposeId,
      personalCodes: Array(1001).fill('010190-10415'),
    });
    expect((await readProblem(tooMany)).invalidParams?.[0]?.name).toBe('personalCodes');
    const none = await client.call('POST', '/subscriptions/remove', { personalCodes: [] });
    expect((await readProblem(none)).invalidParams?.[0]?.name).toBe('personalCodes');
    const past = await client.call('POST', '/subscriptions', {
      purposeId: client.purposeId,
      personalCodes: ['010190-10415'],
      endDate: '2020-01-01',
    });
    expect((await readProblem(past)).invalidParams).toEqual([expect.objectContaining({ name: 'endDate' })]);
  });

  it('refuses a purpose without monitoring and another organisation’s purpose', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const other = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const plain = await createMonitoringPurpose(testDb.db, client.organisation.id, { isMonitoring: false });
    for (const purposeId of [plain, other.purposeId, '00000000-0000-4000-8000-000000000000']) {
      const response = await client.call('POST', '/subscriptions', {
        purposeId,
        personalCodes: ['010190-10415'],
      });
      expect(response.status).toBe(403);
      expect((await readProblem(response)).code).toBe('purposeNotPermitted');
    }
    expect(await subscriptionRows(client.organisation.id)).toEqual([]);
  });

  it('refuses invalid cursors and limits out of range', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    for (const query of [
      'after=-1',
      'after=abc',
      'after=1e3',
      'limit=0',
      'limit=1001',
      'after=99999999999999999999',
    ]) {
      const response = await client.call('GET', `/changes?${query}`);
      expect(response.status, query).toBe(400);
      const problem = await readProblem(response);
      expect(
        problem.invalidParams?.map((p) => p.name),
        query,
      ).toEqual([query.split('=')[0]]);
    }
    for (const after of ['bm9wZQ', 'x'.repeat(41), '%2F%2F']) {
      const response = await client.call('GET', `/subscriptions?after=${after}`);
      expect(response.status, after).toBe(400);
      expect((await readProblem(response)).invalidParams?.[0]?.name).toBe('after');
    }
  });

  it('refuses a call naming another organisation and a reconcile of codes that are not real', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const other = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const response = await client.call('GET', `/changes?organisationId=${other.organisation.id}`);
    expect(response.status).toBe(400);
    expect((await readProblem(response)).invalidParams?.[0]?.code).toBe('unknownField');
    const badVersion = await client.call('POST', '/reconcile', {
      persons: [{ personalCode: '010190-10415', version: 0 }],
    });
    expect((await readProblem(badVersion)).invalidParams?.map((p) => p.name)).toEqual(['persons[0].version']);
    const badCode = await client.call('POST', '/reconcile', {
      persons: [
        { personalCode: '010190-10415', version: 1 },
        { personalCode: '010190-10416', version: 1 },
      ],
    });
    expect((await readProblem(badCode)).invalidParams?.map((p) => p.name)).toEqual([
      'persons[1].personalCode',
    ]);
  });

  it('refuses anonymous calls and PMLP staff', async () => {
    const anonymous = await fetch(`${server.baseUrl}/api/v1/monitoring/changes`);
    expect(anonymous.status).toBe(401);
    const administrator = await userWithSession(testDb.db, { role: 'administrator' });
    const staff = await fetch(`${server.baseUrl}/api/v1/monitoring/changes`, {
      headers: administrator.session.headers(),
    });
    expect(staff.status).toBe(403);
    expect((await readProblem(staff)).code).toBe('forbidden');
  });
});
