import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import {
  accessTokenFor,
  bearer,
  createConnection,
  createKeyClient,
  nextAccessEvent,
  type TestConnection,
} from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { AppContext } from '../../app';
import { listenerApplicationName } from './access-listener';
import type { AccessNotice } from './access-notice';
import { type AccessState, createAccessState } from './access-state';
import { ensureSigningKey, rotateSigningKey } from './signing-keys';

/**
 * Two servers on one database, as behind a load balancer: what one of them changes, the other
 * enforces as soon as the notice arrives — waited for through the copy's events, never by sleeping.
 */
let testDb: TestDatabase;
let serverA: TestApp;
let serverB: TestApp;
let stateA: AccessState;
let stateB: AccessState;
let clock = new Date();

function capture(assign: (ctx: AppContext) => void) {
  return (_app: unknown, ctx: AppContext) => assign(ctx);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  serverA = await startTestApp({
    db: testDb.db,
    now: () => clock,
    routes: capture((ctx) => (stateA = ctx.accessState)),
  });
  serverB = await startTestApp({
    db: testDb.db,
    now: () => clock,
    routes: capture((ctx) => (stateB = ctx.accessState)),
  });
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  await testDb.drop();
});

function me(server: TestApp, token: string) {
  return fetch(`${server.baseUrl}/api/v1/me`, { headers: bearer(token) });
}

async function activeConnection(): Promise<TestConnection> {
  const organisation = await createOrganisation(testDb.db);
  return createConnection(testDb.db, { organisationId: organisation.id, environment: 'production' });
}

function noticeApplied(state: AccessState, matches: (notice: AccessNotice) => boolean) {
  return nextAccessEvent(
    state,
    (event) => event.type === 'applied' && event.origin === 'notification' && matches(event.notice),
  );
}

async function post(
  server: TestApp,
  session: { headers: () => Record<string, string> },
  path: string,
  body: unknown,
) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: session.headers(),
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

describe('the access-state copy across servers', () => {
  it('is fresh once both servers listen', () => {
    expect(stateA.isFresh).toBe(true);
    expect(stateB.isFresh).toBe(true);
  });

  it('refuses on server B a client revoked through server A, as soon as the notice arrives', async () => {
    const connection = await activeConnection();
    const client = await createKeyClient(testDb.db, connection);
    const token = await accessTokenFor(serverA.baseUrl, client, clock);
    expect((await me(serverB, token)).status).toBe(200);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: connection.organisationId,
      now: clock,
    });
    const arrived = noticeApplied(
      stateB,
      (notice) => notice.kind === 'client' && notice.clientId === client.clientId,
    );
    await post(serverA, contact.session, `/api/v1/org/clients/${client.clientId}/revoke`, {
      reason: 'Key leaked',
    });
    // Server A refuses before its answer even returned; server B once the notice is in.
    expect((await readProblem(await me(serverA, token))).code).toBe('authentication');
    await arrived;
    expect((await readProblem(await me(serverB, token))).code).toBe('authentication');
  });

  it('suspends and restores a connection on server B through server A', async () => {
    const connection = await activeConnection();
    const token = await accessTokenFor(serverA.baseUrl, await createKeyClient(testDb.db, connection), clock);
    expect((await me(serverB, token)).status).toBe(200);
    const pmlp = await userWithSession(testDb.db, { role: 'administrator', now: clock });
    const isThisConnection = (notice: AccessNotice) =>
      notice.kind === 'connection' && notice.connectionId === connection.id;
    const suspended = noticeApplied(stateB, isThisConnection);
    await post(serverA, pmlp.session, `/api/v1/admin/connections/${connection.id}/suspend`, {
      reason: 'Audit',
    });
    await suspended;
    expect((await readProblem(await me(serverB, token))).code).toBe('connectionSuspended');
    const restored = noticeApplied(stateB, isThisConnection);
    await post(serverA, pmlp.session, `/api/v1/admin/connections/${connection.id}/restore`, {
      reason: 'Audit done',
    });
    await restored;
    expect((await me(serverB, token)).status).toBe(200);
  });

  it('answers from the copy while fresh, from the database while the listener is lost, and reloads after', async () => {
    const connection = await activeConnection();
    const client = await createKeyClient(testDb.db, connection);
    const token = await accessTokenFor(serverA.baseUrl, client, clock);
    // A change that sends no notice: a fresh copy does not see it, which proves no database round trip.
    await testDb.db
      .updateTable('systemClient')
      .set({ revokedAt: clock })
      .where('clientId', '=', client.clientId)
      .execute();
    expect((await me(serverB, token)).status).toBe(200);
    const stale = nextAccessEvent(stateB, (event) => event.type === 'stale');
    const fresh = nextAccessEvent(stateB, (event) => event.type === 'fresh');
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name = ${listenerApplicationName} AND datname = current_database()`.execute(
      testDb.db,
    );
    await stale;
    // Before any reconnect can run: the copy is not trusted, the database answers.
    expect(stateB.isFresh).toBe(false);
    const answer = stateB.isClientRevoked(client.clientId);
    expect(await answer).toBe(true);
    expect((await readProblem(await me(serverB, token))).code).toBe('authentication');
    await fresh;
    expect(stateB.isFresh).toBe(true);
    // The reload after reconnecting picked up what no notice announced.
    expect(await stateB.isClientRevoked(client.clientId)).toBe(true);
    expect((await readProblem(await me(serverB, token))).code).toBe('authentication');
  });

  it('rotates the signing key without downtime, and retired keys stop verifying after five minutes', async () => {
    const connection = await activeConnection();
    const client = await createKeyClient(testDb.db, connection);
    const before = await accessTokenFor(serverA.baseUrl, client, clock);
    const oldKid = decodeProtectedHeader(before).kid;
    const keysAppliedA = noticeApplied(stateA, (notice) => notice.kind === 'signingKeys');
    const keysAppliedB = noticeApplied(stateB, (notice) => notice.kind === 'signingKeys');
    const rotatedAt = clock;
    const { kid: newKid } = await rotateSigningKey(testDb.db, rotatedAt);
    await Promise.all([keysAppliedA, keysAppliedB]);
    expect(newKid).not.toBe(oldKid);
    // Tokens signed before the rotation keep working on both servers.
    expect((await me(serverA, before)).status).toBe(200);
    expect((await me(serverB, before)).status).toBe(200);
    const after = await accessTokenFor(serverB.baseUrl, client, clock);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect((await me(serverA, after)).status).toBe(200);
    const keys = await testDb.db.selectFrom('signingKey').select(['kid', 'retiredAt']).execute();
    expect(keys.find((key) => key.kid === oldKid)?.retiredAt).toEqual(rotatedAt);
    expect(keys.find((key) => key.kid === newKid)?.retiredAt).toBeNull();
    try {
      clock = new Date(rotatedAt.getTime() + 301_000);
      const claims = decodeJwt(after);
      expect((await me(serverB, await signWithStoredKey(newKid ?? '', claims))).status).toBe(200);
      const late = await signWithStoredKey(oldKid ?? '', claims);
      expect((await readProblem(await me(serverB, late))).code).toBe('authentication');
    } finally {
      clock = rotatedAt;
    }
  });
});

/** A token as the server would sign it now, with a stored key (retired or not). */
async function signWithStoredKey(kid: string, claims: Record<string, unknown>): Promise<string> {
  const row = await testDb.db
    .selectFrom('signingKey')
    .select('privateJwk')
    .where('kid', '=', kid)
    .executeTakeFirstOrThrow();
  const key = await importJWK(row.privateJwk as JWK, 'ES256');
  const now = Math.floor(clock.getTime() / 1000);
  return new SignJWT({ ...claims, iat: now, exp: now + 300, jti: randomBytes(8).toString('hex') })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .sign(key);
}

describe('signing keys and a copy without a listener', () => {
  it('creates exactly one first key when servers race for it', async () => {
    const own = await createTestDatabase();
    try {
      const keys = await Promise.all(Array.from({ length: 5 }, () => ensureSigningKey(own.db)));
      expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
      const rows = await own.db.selectFrom('signingKey').select('kid').execute();
      expect(rows).toHaveLength(1);
    } finally {
      await own.drop();
    }
  });

  it('never trusts a copy that cannot listen, and answers from the database', async () => {
    const state = createAccessState({ db: testDb.db, connectionString: undefined });
    await state.start();
    expect(state.isFresh).toBe(false);
    const connection = await activeConnection();
    const client = await createKeyClient(testDb.db, connection);
    expect(await state.isClientRevoked(client.clientId)).toBe(false);
    await testDb.db
      .updateTable('connection')
      .set({ status: 'suspended' })
      .where('id', '=', connection.id)
      .execute();
    expect((await state.connection(connection.id))?.status).toBe('suspended');
    await state.close();
  });
});
