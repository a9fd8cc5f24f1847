import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueRegistrationNumber } from '../test/access-fixtures';
import { startTestApp, type TestApp } from '../test/app';
import { accessTokenFor } from '../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../test/database';
import { totpCodeAt } from './modules/identity/totp';

/**
 * The whole access lifecycle through the HTTP API, as issue 3 states it: request, clarification,
 * contract versions, approvals, activation, connection, a registered key, a token and `/me`.
 */
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

interface Person {
  username: string;
  password: string;
  totpSecret: string;
}

/** A logged-in person: calls carry the session cookie and the CSRF token, as a browser would. */
async function logIn(person: Person) {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: person.username,
      password: person.password,
      totpCode: totpCodeAt(person.totpSecret, new Date()),
    }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return async <T>(
    method: string,
    path: string,
    body?: unknown,
    expected = method === 'GET' ? 200 : [200, 201],
  ) => {
    const answer = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    const statuses = Array.isArray(expected) ? expected : [expected];
    expect(statuses, `${method} ${path}: ${text}`).toContain(answer.status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

describe('the access lifecycle through the HTTP API', () => {
  it('takes an organisation from its request to a token and /me showing the purpose', async () => {
    const admin = await logIn(await createUser(testDb.db, { role: 'administrator' }));
    const reviewer = await logIn(await createUser(testDb.db, { role: 'reviewer' }));

    // PMLP registers the organisation and its contact person, who logs in with what was issued once.
    const organisation = await admin<{ id: string }>('POST', '/api/v1/admin/organisations', {
      name: 'SIA Lifecycle',
      registrationNumber: uniqueRegistrationNumber(),
      legalForm: 'privateLaw',
    });
    const issued = await admin<{ initialPassword: string; totp: { secret: string } }>(
      'POST',
      `/api/v1/admin/organisations/${organisation.id}/users`,
      { username: 'lifecycle.contact', displayName: 'Līga Kontaktpersona', role: 'contactPerson' },
    );
    const contact = await logIn({
      username: 'lifecycle.contact',
      password: issued.initialPassword,
      totpSecret: issued.totp.secret,
    });

    // 1. The organisation submits a motivated request.
    const draft = await contact<{ id: string }>('POST', '/api/v1/org/requests', {
      title: 'Customer identification',
      scopes: [
        { scope: 'identity', legalBasis: 'AML law, section 11(1)', purpose: 'Identify customers' },
        { scope: 'documents', legalBasis: 'AML law, section 11(1)', purpose: 'Check identity documents' },
      ],
      channels: ['api'],
      environments: ['test'],
      expectedSystemUsers: 1,
      wantsMonitoring: true,
      contactPersons: [{ name: 'Līga Kontaktpersona', email: 'liga@example.lv' }],
    });
    const submitted = await contact<{ status: string; deadline: string }>(
      'POST',
      `/api/v1/org/requests/${draft.id}/submit`,
      {},
    );
    expect(submitted.status).toBe('submitted');
    expect(submitted.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // 2. PMLP reviews and asks for a clarification; the organisation answers.
    await reviewer('POST', `/api/v1/admin/requests/${draft.id}/review`, {});
    await reviewer('POST', `/api/v1/admin/requests/${draft.id}/clarification`, {
      message: 'Which customers: all, or only those opening accounts?',
    });
    await contact('POST', `/api/v1/org/requests/${draft.id}/messages`, {
      body: 'Customers opening accounts.',
    });
    const answered = await reviewer<{ status: string }>('GET', `/api/v1/admin/requests/${draft.id}`);
    expect(answered.status).toBe('in_review');

    // 3. PMLP drafts version 1, the organisation comments, PMLP publishes version 2, both approve it.
    const contract = await reviewer<{ id: string }>('POST', `/api/v1/admin/requests/${draft.id}/contract`, {
      text: '# Līgums\n\n1. Dati tikai klientu identifikācijai.\n',
    });
    await contact('POST', `/api/v1/org/contracts/${contract.id}/versions/1/comments`, {
      body: 'Please name the retention period.',
    });
    const version2 = await reviewer<{ number: number; textHash: string }>(
      'POST',
      `/api/v1/admin/contracts/${contract.id}/versions`,
      { text: '# Līgums\n\n1. Dati tikai klientu identifikācijai.\n2. Glabā 5 gadus.\n' },
    );
    expect(version2.number).toBe(2);
    const approval = { version: 2, textHash: version2.textHash };
    await contact('POST', `/api/v1/org/contracts/${contract.id}/approve`, approval);
    const agreed = await reviewer<{ status: string }>(
      'POST',
      `/api/v1/admin/contracts/${contract.id}/approve`,
      approval,
    );
    expect(agreed.status).toBe('agreed');

    // 4. PMLP activates it into a purpose and configures the test connection.
    const active = await reviewer<{ status: string; purposes: Array<{ id: string }> }>(
      'POST',
      `/api/v1/admin/contracts/${contract.id}/activate`,
      {
        purposes: [
          {
            legalBasis: 'AML law, section 11(1)',
            purpose: 'Customer identification',
            scopes: ['identity', 'documents'],
            channels: ['api'],
            environments: ['test'],
            monitoring: true,
            validFrom: '2026-01-01',
          },
        ],
      },
    );
    expect(active.status).toBe('active');
    const connection = await admin<{ id: string }>(
      'POST',
      `/api/v1/admin/organisations/${organisation.id}/connections`,
      {
        environment: 'test',
      },
    );
    await admin('POST', `/api/v1/admin/connections/${connection.id}/activate`, {});

    // 5. The organisation registers a public key, obtains a token with private_key_jwt, and /me shows the purpose.
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const client = await contact<{ clientId: string }>('POST', '/api/v1/org/clients', {
      environment: 'test',
      name: 'Core banking',
      publicJwk: await exportJWK(publicKey),
    });
    // The organisation's system signs a client assertion with its private key (private_key_jwt).
    const accessToken = await accessTokenFor(server.baseUrl, {
      clientId: client.clientId,
      algorithm: 'ES256',
      privateKey,
      publicJwk: {},
    });
    const me = await fetch(`${server.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    const body = (await me.json()) as {
      organisation: { id: string; feeExempt: boolean };
      environment: string;
      purposes: Array<{ id: string; scopes: string[]; monitoring: boolean }>;
    };
    expect(body.organisation).toMatchObject({ id: organisation.id, feeExempt: false });
    expect(body.environment).toBe('test');
    expect(body.purposes).toEqual([
      expect.objectContaining({
        id: active.purposes[0]?.id,
        scopes: ['identity', 'documents'],
        monitoring: true,
      }),
    ]);
  });
});
