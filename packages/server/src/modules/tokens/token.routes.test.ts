import { randomBytes } from 'node:crypto';
import type { Me } from '@fpr/contract';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp, testConfig } from '../../../test/app';
import {
  accessTokenFor,
  assertionForm,
  basicHeader,
  bearer,
  clientAssertion,
  createConnection,
  createKeyClient,
  createSecretClient,
  postToken,
  type TestConnection,
  tokenEndpointUrl,
} from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

let testDb: TestDatabase;
let server: TestApp;
/** The services' clock; tests move it to expire tokens. */
let clock = new Date();

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function activeConnection(
  options: { environment?: 'test' | 'production'; ipAllowList?: string[]; rateLimitPerMinute?: number } = {},
): Promise<TestConnection> {
  const organisation = await createOrganisation(testDb.db);
  return createConnection(testDb.db, { organisationId: organisation.id, environment: 'test', ...options });
}

function me(headers: Record<string, string>) {
  return fetch(`${server.baseUrl}/api/v1/me`, { headers });
}

async function admin() {
  return userWithSession(testDb.db, { role: 'administrator', now: clock });
}

function adminCall(
  session: { headers: () => Record<string, string> },
  path: string,
  body: unknown,
  method = 'POST',
) {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: session.headers(),
    body: JSON.stringify(body),
  });
}

describe('POST /oauth/token with private_key_jwt', () => {
  it.each(['ES256', 'EdDSA'] as const)(
    'issues a bound ES256 access token for a %s assertion',
    async (algorithm) => {
      const connection = await activeConnection();
      const client = await createKeyClient(testDb.db, connection, algorithm);
      const response = await postToken(
        server.baseUrl,
        assertionForm(await clientAssertion(client, { now: clock })),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as {
        access_token: string;
        token_type: string;
        expires_in: number;
      };
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(300);
      const header = decodeProtectedHeader(body.access_token);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
      const claims = decodeJwt(body.access_token);
      expect(claims).toMatchObject({
        iss: testConfig.publicBaseUrl,
        aud: `${testConfig.publicBaseUrl}/api/v1`,
        sub: client.clientId,
        org: connection.organisationId,
        env: 'test',
        cnx: connection.id,
        jti: expect.any(String),
      });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
      const used = await testDb.db
        .selectFrom('usedAssertion')
        .select('jti')
        .where('clientId', '=', client.clientId)
        .execute();
      expect(used).toHaveLength(1);
      const answer = await me(bearer(body.access_token));
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as Me).caller).toEqual({ kind: 'client', clientId: client.clientId });
    },
  );

  it('refuses a replayed assertion', async () => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    const assertion = await clientAssertion(client, { now: clock });
    expect((await postToken(server.baseUrl, assertionForm(assertion))).status).toBe(200);
    const replay = await readProblem(await postToken(server.baseUrl, assertionForm(assertion)));
    expect(replay.code).toBe('authentication');
    expect(replay.detail).toBe('The client credentials are missing or not valid.');
  });

  it.each<[string, (client: Awaited<ReturnType<typeof createKeyClient>>) => Promise<string>]>([
    [
      'an expired assertion',
      (client) => clientAssertion(client, { now: new Date(clock.getTime() - 600_000) }),
    ],
    [
      'an assertion valid for more than 5 minutes',
      (client) => clientAssertion(client, { now: clock, expiresIn: 600 }),
    ],
    [
      'a wrong audience',
      (client) => clientAssertion(client, { now: clock, audience: `${testConfig.publicBaseUrl}/api/v1` }),
    ],
    [
      'a forged signature',
      async (client) =>
        clientAssertion(client, { now: clock, signingKey: (await generateKeyPair('ES256')).privateKey }),
    ],
    [
      'iss different from sub',
      (client) => clientAssertion(client, { now: clock, issuer: 'someone-else-entirely' }),
    ],
    [
      'alg: none',
      async (client) =>
        new UnsecuredJWT({ jti: randomBytes(8).toString('hex') })
          .setIssuer(client.clientId)
          .setSubject(client.clientId)
          .setAudience(tokenEndpointUrl)
          .setIssuedAt()
          .setExpirationTime('2m')
          .encode(),
    ],
    [
      'HS256 keyed with the public key',
      async (client) =>
        new SignJWT({ jti: randomBytes(8).toString('hex') })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(client.clientId)
          .setSubject(client.clientId)
          .setAudience(tokenEndpointUrl)
          .setIssuedAt()
          .setExpirationTime('2m')
          .sign(new TextEncoder().encode(JSON.stringify(client.publicJwk))),
    ],
    [
      'the EdDSA algorithm claimed for an EC key',
      async (client) => {
        const other = await generateKeyPair('EdDSA');
        return clientAssertion(
          { ...client, algorithm: 'EdDSA', privateKey: other.privateKey },
          { now: clock },
        );
      },
    ],
  ])('refuses %s with a generic 401', async (_name, makeAssertion) => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    const problem = await readProblem(
      await postToken(server.baseUrl, assertionForm(await makeAssertion(client))),
    );
    expect(problem.code).toBe('authentication');
    expect(problem.detail).toBe('The client credentials are missing or not valid.');
    const used = await testDb.db
      .selectFrom('usedAssertion')
      .select('jti')
      .where('clientId', '=', client.clientId)
      .execute();
    expect(used).toEqual([]);
  });

  it('refuses an assertion of an unknown client and a client_id that differs from it', async () => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    const assertion = await clientAssertion(client, { now: clock });
    const mismatch = await postToken(server.baseUrl, {
      ...assertionForm(assertion),
      client_id: 'another-client-id-0000',
    });
    expect((await readProblem(mismatch)).code).toBe('authentication');
    const stranger = { ...client, clientId: 'never-registered-client-0' };
    const unknown = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(stranger, { now: clock })),
    );
    expect((await readProblem(unknown)).code).toBe('authentication');
  });

  it('forgets expired assertion ids now and then', async () => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    await testDb.db
      .insertInto('usedAssertion')
      .values({
        clientId: client.clientId,
        jti: 'long-gone',
        expiresAt: new Date(clock.getTime() - 3_600_000),
      })
      .execute();
    await postToken(server.baseUrl, assertionForm(await clientAssertion(client, { now: clock })));
    const left = await testDb.db
      .selectFrom('usedAssertion')
      .select('jti')
      .where('clientId', '=', client.clientId)
      .execute();
    expect(left.map((row) => row.jti)).not.toContain('long-gone');
    expect(left).toHaveLength(1);
  });
});

describe('POST /oauth/token with client_secret_basic', () => {
  it('issues a token for the right secret only', async () => {
    const connection = await activeConnection();
    const client = await createSecretClient(testDb.db, connection);
    const form = { grant_type: 'client_credentials' };
    const response = await postToken(server.baseUrl, form, basicHeader(client.clientId, client.secret));
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(decodeJwt(token)).toMatchObject({ sub: client.clientId, cnx: connection.id });
    const wrong = await postToken(server.baseUrl, form, basicHeader(client.clientId, `${client.secret}x`));
    expect((await readProblem(wrong)).code).toBe('authentication');
    const unknown = await postToken(
      server.baseUrl,
      form,
      basicHeader('no-such-client-000000', client.secret),
    );
    expect((await readProblem(unknown)).code).toBe('authentication');
    const none = await postToken(server.baseUrl, form);
    expect((await readProblem(none)).code).toBe('authentication');
  });

  it('refuses a key client presenting a secret, and two methods at once', async () => {
    const keyClient = await createKeyClient(testDb.db, await activeConnection());
    const asSecret = await postToken(
      server.baseUrl,
      { grant_type: 'client_credentials' },
      basicHeader(keyClient.clientId, 'anything'),
    );
    expect((await readProblem(asSecret)).code).toBe('authentication');
    const both = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(keyClient, { now: clock })),
      basicHeader(keyClient.clientId, 'anything'),
    );
    expect((await readProblem(both)).code).toBe('authentication');
  });
});

describe('POST /oauth/token input', () => {
  it('lists every invalid form parameter, and wants a form', async () => {
    const invalid = await readProblem(
      await postToken(server.baseUrl, { grant_type: 'password', client_assertion_type: 'saml', extra: '1' }),
    );
    expect(invalid.code).toBe('paramsValidation');
    expect(invalid.invalidParams?.map((param) => param.name).sort()).toEqual([
      'client_assertion_type',
      'extra',
      'grant_type',
    ]);
    const missing = await readProblem(
      await postToken(server.baseUrl, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      }),
    );
    expect(missing.invalidParams?.map((param) => param.name)).toEqual(['client_assertion']);
    const json = await fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect((await readProblem(json)).code).toBe('unsupportedMediaType');
  });

  it('keeps the JSON API refusing form bodies', async () => {
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: (await createOrganisation(testDb.db)).id,
      now: clock,
    });
    const response = await fetch(`${server.baseUrl}/api/v1/org/clients`, {
      method: 'POST',
      headers: { ...contact.session.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'environment=test&name=x&generateSecret=true',
    });
    expect((await readProblem(response)).code).toBe('unsupportedMediaType');
  });
});

describe('access tokens', () => {
  it('expire after five minutes', async () => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    const token = await accessTokenFor(server.baseUrl, client, clock);
    expect((await me(bearer(token))).status).toBe(200);
    const issuedAt = clock;
    try {
      clock = new Date(issuedAt.getTime() + 301_000);
      expect((await readProblem(await me(bearer(token)))).code).toBe('authentication');
    } finally {
      clock = issuedAt;
    }
  });

  it('refuses a token whose claims were altered, or that is not a token at all', async () => {
    const [testConnection, productionConnection] = [
      await activeConnection(),
      await activeConnection({ environment: 'production' }),
    ];
    const client = await createKeyClient(testDb.db, testConnection);
    const token = await accessTokenFor(server.baseUrl, client, clock);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(
      JSON.stringify({ ...claims, env: 'production', cnx: productionConnection.id }),
    ).toString('base64url');
    expect((await readProblem(await me(bearer(`${header}.${altered}.${signature}`)))).code).toBe(
      'authentication',
    );
    expect((await readProblem(await me(bearer('not.a.token')))).code).toBe('authentication');
    // A client's own assertion is a JWT too, but never an access token.
    const assertion = await clientAssertion(client, { now: clock });
    expect((await readProblem(await me(bearer(assertion)))).code).toBe('authentication');
  });

  it('stop working at once when the client is revoked', async () => {
    const connection = await activeConnection();
    const client = await createKeyClient(testDb.db, connection);
    const token = await accessTokenFor(server.baseUrl, client, clock);
    expect((await me(bearer(token))).status).toBe(200);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: connection.organisationId,
      now: clock,
    });
    const revoke = await adminCall(contact.session, `/api/v1/org/clients/${client.clientId}/revoke`, {
      reason: 'Laptop stolen',
    });
    expect(revoke.status).toBe(200);
    expect((await readProblem(await me(bearer(token)))).code).toBe('authentication');
    const again = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(client, { now: clock })),
    );
    expect((await readProblem(again)).code).toBe('authentication');
  });

  it('refuse a suspended connection at once, for tokens and PDP sessions, until it is restored', async () => {
    const connection = await activeConnection({ environment: 'production' });
    const client = await createKeyClient(testDb.db, connection);
    const token = await accessTokenFor(server.baseUrl, client, clock);
    const pdpUser = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: connection.organisationId,
      environment: 'production',
      now: clock,
    });
    const testPdpUser = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: connection.organisationId,
      environment: 'test',
      now: clock,
    });
    expect((await me(pdpUser.session.headers())).status).toBe(200);
    const pmlp = await admin();
    await adminCall(pmlp.session, `/api/v1/admin/connections/${connection.id}/suspend`, {
      reason: 'Misuse suspected',
    });
    expect((await readProblem(await me(bearer(token)))).code).toBe('connectionSuspended');
    expect((await readProblem(await me(pdpUser.session.headers()))).code).toBe('connectionSuspended');
    const refusedToken = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(client, { now: clock })),
    );
    expect((await readProblem(refusedToken)).code).toBe('connectionSuspended');
    // The organisation's test environment is another connection: untouched.
    expect((await me(testPdpUser.session.headers())).status).toBe(200);
    await adminCall(pmlp.session, `/api/v1/admin/connections/${connection.id}/restore`, {
      reason: 'Cleared',
    });
    expect((await me(bearer(token))).status).toBe(200);
    expect((await me(pdpUser.session.headers())).status).toBe(200);
  });

  it('are not issued for a connection that is only configured', async () => {
    const organisation = await createOrganisation(testDb.db);
    const connection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
      status: 'configured',
    });
    const client = await createKeyClient(testDb.db, connection);
    const response = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(client, { now: clock })),
    );
    expect((await readProblem(response)).code).toBe('authentication');
  });

  it('enforce the IP allow-list at the token endpoint and on every call', async () => {
    const outside = await activeConnection({ ipAllowList: ['10.0.0.0/8'] });
    const refusedClient = await createKeyClient(testDb.db, outside);
    const refused = await postToken(
      server.baseUrl,
      assertionForm(await clientAssertion(refusedClient, { now: clock })),
    );
    expect((await readProblem(refused)).code).toBe('forbidden');
    const inside = await activeConnection({ ipAllowList: ['127.0.0.0/8', '2001:db8::/32'] });
    const client = await createKeyClient(testDb.db, inside);
    const token = await accessTokenFor(server.baseUrl, client, clock);
    expect((await me(bearer(token))).status).toBe(200);
    const pmlp = await admin();
    await adminCall(
      pmlp.session,
      `/api/v1/admin/connections/${inside.id}`,
      { ipAllowList: ['192.0.2.0/24'] },
      'PATCH',
    );
    expect((await readProblem(await me(bearer(token)))).code).toBe('forbidden');
    await adminCall(pmlp.session, `/api/v1/admin/connections/${inside.id}`, { ipAllowList: [] }, 'PATCH');
    expect((await me(bearer(token))).status).toBe(200);
  });

  it('bind the environment: a test token reads as test, a production token as production', async () => {
    const organisation = await createOrganisation(testDb.db);
    const testConnection = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
    });
    const production = await createConnection(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
    });
    const testToken = await accessTokenFor(
      server.baseUrl,
      await createKeyClient(testDb.db, testConnection),
      clock,
    );
    const productionToken = await accessTokenFor(
      server.baseUrl,
      await createKeyClient(testDb.db, production),
      clock,
    );
    const testMe = (await (await me(bearer(testToken))).json()) as Me;
    const productionMe = (await (await me(bearer(productionToken))).json()) as Me;
    expect([testMe.environment, testMe.feePerPersonCents]).toEqual(['test', 0]);
    expect([productionMe.environment, productionMe.feePerPersonCents]).toEqual(['production', 200]);
    const pmlp = await admin();
    await adminCall(pmlp.session, `/api/v1/admin/connections/${production.id}/suspend`, { reason: 'Audit' });
    expect((await readProblem(await me(bearer(productionToken)))).code).toBe('connectionSuspended');
    expect((await me(bearer(testToken))).status).toBe(200);
  });

  it('allow each client the connection’s rate limit and answer 429 with Retry-After', async () => {
    const connection = await activeConnection({ rateLimitPerMinute: 3 });
    const [first, second] = [
      await createKeyClient(testDb.db, connection),
      await createKeyClient(testDb.db, connection),
    ];
    const [tokenA, tokenB] = [
      await accessTokenFor(server.baseUrl, first, clock),
      await accessTokenFor(server.baseUrl, second, clock),
    ];
    const statuses = [];
    for (const token of [tokenA, tokenA, tokenA]) statuses.push((await me(bearer(token))).status);
    expect(statuses).toEqual([200, 200, 200]);
    // The sibling client keeps its own budget.
    expect((await me(bearer(tokenB))).status).toBe(200);
    const limited = await me(bearer(tokenA));
    const problem = await readProblem(limited);
    expect(problem.code).toBe('tooManyRequests');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const other = await createKeyClient(testDb.db, await activeConnection({ rateLimitPerMinute: 3 }));
    expect((await me(bearer(await accessTokenFor(server.baseUrl, other, clock)))).status).toBe(200);
  });

  it('answer 401 without a token', async () => {
    expect((await readProblem(await me({}))).code).toBe('authentication');
    expect((await readProblem(await me({ authorization: 'Bearer ' }))).code).toBe('authentication');
  });

  it('are signed with a stored key, and a forgery under its kid is refused', async () => {
    const client = await createKeyClient(testDb.db, await activeConnection());
    const token = await accessTokenFor(server.baseUrl, client, clock);
    const { kid } = decodeProtectedHeader(token);
    const key = await testDb.db
      .selectFrom('signingKey')
      .select(['publicJwk', 'retiredAt'])
      .where('kid', '=', kid ?? '')
      .executeTakeFirstOrThrow();
    expect(key.retiredAt).toBeNull();
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid });
    expect(key.publicJwk).not.toHaveProperty('d');
    // A token signed by another key with the same kid is a forgery.
    const forged = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .sign((await generateKeyPair('ES256')).privateKey);
    expect((await readProblem(await me(bearer(forged)))).code).toBe('authentication');
  });
});
