import type { CreatedSystemClient, SystemClient } from '@fpr/contract';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createConnection, createKeyClient } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { isClientSecretCorrect } from '../tokens/client-secret';

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

/** An organisation with a test connection and a logged-in contact person. */
async function organisationWithConnection() {
  const organisation = await createOrganisation(testDb.db);
  const connection = await createConnection(testDb.db, {
    organisationId: organisation.id,
    environment: 'test',
  });
  const contact = await userWithSession(testDb.db, {
    role: 'contactPerson',
    organisationId: organisation.id,
  });
  return { organisation, connection, contact };
}

async function publicJwk(algorithm: 'ES256' | 'EdDSA') {
  return { ...(await exportJWK((await generateKeyPair(algorithm)).publicKey)) };
}

function storedClient(clientId: string) {
  return testDb.db
    .selectFrom('systemClient')
    .select([
      'authMethod',
      'publicJwk',
      'secretHash',
      'createdBy',
      'connectionId',
      'revokedAt',
      'revokedBy',
      'revocationReason',
    ])
    .where('clientId', '=', clientId)
    .executeTakeFirstOrThrow();
}

describe('registering system clients', () => {
  it.each(['ES256', 'EdDSA'] as const)('registers a %s public key for private_key_jwt', async (algorithm) => {
    const { organisation, connection, contact } = await organisationWithConnection();
    const jwk = await publicJwk(algorithm);
    const response = await call('POST', '/api/v1/org/clients', contact.session.headers(), {
      environment: 'test',
      name: 'Core banking',
      publicJwk: { ...jwk, use: 'sig', kid: 'mine' },
    });
    expect(response.status).toBe(201);
    const client = (await response.json()) as CreatedSystemClient;
    expect(client).toMatchObject({
      organisationId: organisation.id,
      connectionId: connection.id,
      environment: 'test',
      authMethod: 'private_key_jwt',
      revokedAt: null,
    });
    expect(client.clientSecret).toBeUndefined();
    expect(client.clientId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const stored = await storedClient(client.clientId);
    expect(stored).toMatchObject({ authMethod: 'private_key_jwt', secretHash: null, createdBy: contact.id });
    expect(stored.publicJwk).toEqual({
      kty: jwk.kty,
      crv: jwk.crv,
      x: jwk.x,
      ...(jwk.y ? { y: jwk.y } : {}),
    });
  });

  it('generates a secret shown once and keeps only its hash', async () => {
    const { contact } = await organisationWithConnection();
    const response = await call('POST', '/api/v1/org/clients', contact.session.headers(), {
      environment: 'test',
      name: 'Legacy system',
      generateSecret: true,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const client = (await response.json()) as CreatedSystemClient;
    expect(client.authMethod).toBe('client_secret_basic');
    expect(client.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await storedClient(client.clientId);
    expect(stored.secretHash).not.toContain(client.clientSecret);
    expect(isClientSecretCorrect(stored.secretHash ?? '', client.clientSecret ?? '')).toBe(true);
    const list = (await (await call('GET', '/api/v1/org/clients', contact.session.headers())).json()) as {
      clients: Array<Record<string, unknown>>;
    };
    expect(list.clients.map((listed) => listed.clientId)).toEqual([client.clientId]);
    expect(list.clients[0]).not.toHaveProperty('clientSecret');
  });

  it('refuses a private key, other key types and malformed keys, naming each problem', async () => {
    const { contact, organisation } = await organisationWithConnection();
    const post = (body: unknown) => call('POST', '/api/v1/org/clients', contact.session.headers(), body);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = await readProblem(
      await post({ environment: 'test', name: 'Leaky', publicJwk: await exportJWK(privateKey) }),
    );
    expect(leaked.invalidParams).toEqual([
      { name: 'publicJwk.d', code: 'privateKey', reason: expect.any(String) },
    ]);
    const rsa = await readProblem(
      await post({ environment: 'test', name: 'RSA', publicJwk: { kty: 'RSA', n: 'x', e: 'AQAB' } }),
    );
    expect(rsa.invalidParams?.map((param) => param.code)).toEqual(['unsupportedKeyType']);
    const jwk = await publicJwk('ES256');
    const offCurve = await readProblem(
      await post({ environment: 'test', name: 'Bent', publicJwk: { ...jwk, y: jwk.x } }),
    );
    expect(offCurve.invalidParams).toEqual([
      { name: 'publicJwk', code: 'malformed', reason: expect.any(String) },
    ]);
    const both = await readProblem(
      await post({ environment: 'test', name: 'Both', publicJwk: jwk, generateSecret: true }),
    );
    expect(both.invalidParams?.map((param) => param.name)).toEqual(['body']);
    const neither = await readProblem(await post({ environment: 'test', name: 'Neither' }));
    expect(neither.invalidParams?.map((param) => param.name)).toEqual(['body']);
    // The schema's complaints and the key rules' in one answer.
    const several = await readProblem(
      await post({
        environment: 'staging',
        name: '',
        publicJwk: { kty: 'EC', crv: 'P-384', x: 'short', d: 'x' },
      }),
    );
    expect(several.invalidParams?.map((param) => param.name).sort()).toEqual([
      'environment',
      'name',
      'publicJwk.crv',
      'publicJwk.d',
      'publicJwk.x',
      'publicJwk.y',
    ]);
    const stored = await testDb.db
      .selectFrom('systemClient')
      .select('clientId')
      .where('organisationId', '=', organisation.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('needs a connection in the environment', async () => {
    const { contact } = await organisationWithConnection();
    const response = await call('POST', '/api/v1/org/clients', contact.session.headers(), {
      environment: 'production',
      name: 'Too early',
      publicJwk: await publicJwk('EdDSA'),
    });
    expect((await readProblem(response)).code).toBe('conflict');
  });

  it('is for contact persons only, and needs the CSRF header', async () => {
    const { organisation } = await organisationWithConnection();
    const body = { environment: 'test', name: 'X', generateSecret: true };
    const pdpUser = await userWithSession(testDb.db, { role: 'pdpUser', organisationId: organisation.id });
    expect(
      (await readProblem(await call('POST', '/api/v1/org/clients', pdpUser.session.headers(), body))).code,
    ).toBe('forbidden');
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    const { 'x-csrf-token': _csrf, ...headers } = contact.session.headers();
    expect((await readProblem(await call('POST', '/api/v1/org/clients', headers, body))).code).toBe(
      'forbidden',
    );
    const stored = await testDb.db
      .selectFrom('systemClient')
      .select('clientId')
      .where('organisationId', '=', organisation.id)
      .execute();
    expect(stored).toEqual([]);
  });
});

describe('revoking system clients', () => {
  it('revokes an own client with who, when and why, once', async () => {
    const { connection, contact } = await organisationWithConnection();
    const client = await createKeyClient(testDb.db, connection);
    const path = `/api/v1/org/clients/${client.clientId}/revoke`;
    const response = await call('POST', path, contact.session.headers(), { reason: 'Key rotated' });
    const revoked = (await response.json()) as SystemClient;
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.revocationReason).toBe('Key rotated');
    expect(await storedClient(client.clientId)).toMatchObject({
      revokedBy: contact.id,
      revocationReason: 'Key rotated',
      revokedAt: expect.any(Date),
    });
    const again = await call('POST', path, contact.session.headers(), { reason: 'Key rotated again' });
    expect((await readProblem(again)).code).toBe('conflict');
  });

  it('never shows or revokes another organisation’s client', async () => {
    const ours = await organisationWithConnection();
    const theirs = await organisationWithConnection();
    const foreign = await createKeyClient(testDb.db, theirs.connection);
    const own = await createKeyClient(testDb.db, ours.connection);
    const revoke = await call(
      'POST',
      `/api/v1/org/clients/${foreign.clientId}/revoke`,
      ours.contact.session.headers(),
      {
        reason: 'Not mine',
      },
    );
    expect((await readProblem(revoke)).code).toBe('notFound');
    expect((await storedClient(foreign.clientId)).revokedAt).toBeNull();
    const list = (await (
      await call('GET', '/api/v1/org/clients', ours.contact.session.headers())
    ).json()) as {
      clients: SystemClient[];
    };
    expect(list.clients.map((client) => client.clientId)).toEqual([own.clientId]);
  });

  it('lets a PMLP administrator list and revoke any client', async () => {
    const { organisation, connection } = await organisationWithConnection();
    const client = await createKeyClient(testDb.db, connection);
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const list = (await (
      await call(
        'GET',
        `/api/v1/admin/clients?organisationId=${organisation.id}&environment=test`,
        admin.session.headers(),
      )
    ).json()) as { clients: SystemClient[] };
    expect(list.clients.map((listed) => listed.clientId)).toEqual([client.clientId]);
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer' });
    const refused = await call(
      'POST',
      `/api/v1/admin/clients/${client.clientId}/revoke`,
      reviewer.session.headers(),
      {
        reason: 'Not allowed',
      },
    );
    expect((await readProblem(refused)).code).toBe('forbidden');
    const response = await call(
      'POST',
      `/api/v1/admin/clients/${client.clientId}/revoke`,
      admin.session.headers(),
      {
        reason: 'Compromised key reported',
      },
    );
    expect(response.status).toBe(200);
    expect(await storedClient(client.clientId)).toMatchObject({
      revokedBy: admin.id,
      revocationReason: 'Compromised key reported',
    });
    const unknown = await call(
      'POST',
      '/api/v1/admin/clients/unknown-client-id-0000/revoke',
      admin.session.headers(),
      {
        reason: 'Does not exist',
      },
    );
    expect((await readProblem(unknown)).code).toBe('notFound');
  });
});
