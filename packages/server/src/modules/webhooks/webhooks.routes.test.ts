import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp, testSecretBox } from '../../../test/app';
import { createPurposes } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { monitoringClient, webhookSecret } from '../../../test/webhook-fixtures';

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

function webhookCall(
  method: 'PUT' | 'DELETE' | 'GET',
  headers: Record<string, string>,
  options: { body?: unknown; query?: string } = {},
): Promise<Response> {
  const { 'content-type': _json, ...withoutBody } = headers;
  return fetch(`${server.baseUrl}/api/v1/monitoring/webhook${options.query ?? ''}`, {
    method,
    headers: options.body === undefined ? withoutBody : headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

function storedWebhooks(organisationId: string) {
  return testDb.db
    .selectFrom('monitoringWebhook')
    .select(['environment', 'url', 'sealedSecret'])
    .where('organisationId', '=', organisationId)
    .execute();
}

function webhookEvents(organisationId: string) {
  return testDb.db
    .selectFrom('monitoringWebhookEvent')
    .select(['environment', 'action', 'url', 'actorUserId', 'actorClientId'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

describe('PUT /api/v1/monitoring/webhook', () => {
  it('keeps a test client’s local receiver with the secret sealed, and records who set it', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const url = 'http://127.0.0.1:45123/nudge';
    const answer = await webhookCall('PUT', client.headers, { body: { url, secret: webhookSecret } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ environment: 'test', url });
    const [stored] = await storedWebhooks(client.organisation.id);
    expect(stored).toMatchObject({ environment: 'test', url });
    expect(stored?.sealedSecret).not.toContain(webhookSecret);
    expect(testSecretBox.open(stored?.sealedSecret ?? '')).toBe(webhookSecret);
    expect(await webhookEvents(client.organisation.id)).toEqual([
      { environment: 'test', action: 'set', url, actorUserId: null, actorClientId: expect.any(String) },
    ]);
    const status = await webhookCall('GET', client.headers);
    expect(await status.json()).toEqual({
      webhook: { environment: 'test', url, createdAt: expect.any(String), updatedAt: expect.any(String) },
      deliveries: [],
    });
  });

  it('lists every invalid parameter: plain http in production, a short secret', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'production');
    const answer = await webhookCall('PUT', client.headers, {
      body: { url: 'http://hooks.example.lv/fpr', secret: 'short' },
    });
    expect(answer.status).toBe(400);
    const problem = await readProblem(answer);
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'url', code: 'scheme', reason: 'must be https:// in production' },
        { name: 'secret', code: 'minLength', reason: expect.any(String) },
      ]),
    );
    expect(problem.invalidParams).toHaveLength(2);
    expect(await storedWebhooks(client.organisation.id)).toEqual([]);
  });

  it.each([
    ['not a url', 'malformed'],
    ['https://127.0.0.1/nudge', 'address'],
    ['https://169.254.169.254/latest', 'address'],
    ['http://localhost:8080/nudge', 'scheme'],
  ])('refuses %s in production (%s)', async (url, code) => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'production');
    const answer = await webhookCall('PUT', client.headers, { body: { url, secret: webhookSecret } });
    expect(answer.status).toBe(400);
    expect((await readProblem(answer)).invalidParams).toEqual([
      { name: 'url', code, reason: expect.any(String) },
    ]);
  });

  it('refuses a body with unknown or missing members, naming each', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const answer = await webhookCall('PUT', client.headers, { body: { url: 'ftp://x', extra: 1 } });
    const problem = await readProblem(answer);
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual(['extra', 'secret', 'url']);
  });

  it('lets a contact person set the webhook of a named environment', async () => {
    const organisation = await createOrganisation(testDb.db);
    await createPurposes(testDb.db, organisation.id, [
      { purpose: 'Monitoring', channels: ['api'], environments: ['production'], isMonitoring: true },
    ]);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    const body = { url: 'https://hooks.example.lv/fpr', secret: webhookSecret };
    const unnamed = await webhookCall('PUT', contact.session.headers(), { body });
    expect((await readProblem(unnamed)).invalidParams).toEqual([
      { name: 'environment', code: 'required', reason: expect.any(String) },
    ]);
    const set = await webhookCall('PUT', contact.session.headers(), {
      body,
      query: '?environment=production',
    });
    expect(set.status).toBe(200);
    expect(await webhookEvents(organisation.id)).toEqual([
      {
        environment: 'production',
        action: 'set',
        url: body.url,
        actorUserId: contact.id,
        actorClientId: null,
      },
    ]);
    // No purpose with monitoring in the test environment.
    const test = await webhookCall('PUT', contact.session.headers(), { body, query: '?environment=test' });
    expect((await readProblem(test)).code).toBe('purposeNotPermitted');
  });

  it('refuses an organisation without a monitoring purpose', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', { isMonitoring: false });
    const answer = await webhookCall('PUT', client.headers, {
      body: { url: 'https://hooks.example.lv/fpr', secret: webhookSecret },
    });
    expect(answer.status).toBe(403);
    expect((await readProblem(answer)).code).toBe('purposeNotPermitted');
    expect(await storedWebhooks(client.organisation.id)).toEqual([]);
  });

  it('refuses a client asking for another environment than its token’s', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const answer = await webhookCall('PUT', client.headers, {
      body: { url: 'https://hooks.example.lv/fpr', secret: webhookSecret },
      query: '?environment=production',
    });
    expect(answer.status).toBe(403);
    expect((await readProblem(answer)).code).toBe('environmentMismatch');
  });

  it('refuses callers without credentials and PDP users', async () => {
    const anonymous = await webhookCall('GET', {});
    expect(anonymous.status).toBe(401);
    const organisation = await createOrganisation(testDb.db);
    const pdpUser = await userWithSession(testDb.db, { role: 'pdpUser', organisationId: organisation.id });
    expect((await webhookCall('GET', pdpUser.session.headers())).status).toBe(403);
  });
});

describe('DELETE /api/v1/monitoring/webhook', () => {
  it('removes the webhook, records who did, and answers 404 when there is none', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test');
    await webhookCall('PUT', client.headers, {
      body: { url: 'http://localhost:9/x', secret: webhookSecret },
    });
    const removed = await webhookCall('DELETE', client.headers);
    expect(removed.status).toBe(204);
    expect(await storedWebhooks(client.organisation.id)).toEqual([]);
    expect((await webhookEvents(client.organisation.id)).map((event) => event.action)).toEqual([
      'set',
      'removed',
    ]);
    expect((await readProblem(await webhookCall('DELETE', client.headers))).code).toBe('notFound');
    expect((await readProblem(await webhookCall('GET', client.headers))).code).toBe('notFound');
  });

  it('never touches another organisation’s webhook', async () => {
    const owner = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const other = await monitoringClient(testDb.db, server.baseUrl, 'test');
    await webhookCall('PUT', owner.headers, { body: { url: 'http://localhost:9/x', secret: webhookSecret } });
    expect((await webhookCall('DELETE', other.headers)).status).toBe(404);
    expect((await webhookCall('GET', other.headers)).status).toBe(404);
    expect(await storedWebhooks(owner.organisation.id)).toHaveLength(1);
  });
});
