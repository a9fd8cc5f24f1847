import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { totpCodeAt } from './totp';

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

async function lockedUser(organisationId: string) {
  const user = await createUser(testDb.db, { role: 'pdpUser', organisationId });
  await testDb.db
    .updateTable('appUser')
    .set({ lockedAt: new Date(), failedLoginCount: 5 })
    .where('id', '=', user.id)
    .execute();
  return user;
}

describe('accounts created by an administrator', () => {
  it('answers a password and TOTP enrolment once, with which the person logs in', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db);
    const created = await call(
      'POST',
      `/api/v1/admin/organisations/${organisation.id}/users`,
      admin.session.headers(),
      {
        username: 'anna.contact',
        displayName: 'Anna Kalniņa',
        email: 'anna@example.lv',
        role: 'contactPerson',
      },
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as {
      user: { id: string; isTotpConfirmed: boolean };
      initialPassword: string;
      totp: { secret: string; otpauthUri: string; qrCodeDataUrl: string };
    };
    expect(body.totp.otpauthUri).toMatch(/^otpauth:\/\/totp\/FPR%20Online:anna\.contact\?secret=/);
    expect(body.totp.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(body.user.isTotpConfirmed).toBe(false);
    const login = await call(
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      {
        username: 'anna.contact',
        password: body.initialPassword,
        totpCode: totpCodeAt(body.totp.secret, new Date()),
      },
    );
    expect(login.status).toBe(200);
    const stored = await testDb.db
      .selectFrom('appUser')
      .select(['passwordHash', 'totpSecret', 'totpConfirmedAt'])
      .where('id', '=', body.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    // The TOTP seed is sealed with the server's key, never stored as the authenticator shows it.
    expect(stored.totpSecret).toMatch(/^v1:/);
    expect(stored.totpSecret).not.toContain(body.totp.secret);
    expect(stored.totpConfirmedAt).not.toBeNull();
  });

  it('refuses staff roles for an organisation, a PDP user without environment, and a taken username', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db);
    const path = `/api/v1/admin/organisations/${organisation.id}/users`;
    const staff = await readProblem(
      await call('POST', path, admin.session.headers(), {
        username: 'x-staff',
        displayName: 'X',
        role: 'registrar',
      }),
    );
    expect(staff.invalidParams?.[0]?.name).toBe('role');
    const pdp = await readProblem(
      await call('POST', path, admin.session.headers(), {
        username: 'x-pdp',
        displayName: 'X',
        role: 'pdpUser',
      }),
    );
    expect(pdp.invalidParams?.[0]?.name).toBe('environment');
    const taken = await readProblem(
      await call('POST', path, admin.session.headers(), {
        username: admin.username,
        displayName: 'X',
        role: 'contactPerson',
      }),
    );
    expect(taken.code).toBe('conflict');
    const invalid = await readProblem(
      await call('POST', path, admin.session.headers(), {
        username: 'A',
        displayName: '',
        role: 'boss',
        email: 'no',
      }),
    );
    expect(invalid.invalidParams?.map((param) => param.name).sort()).toEqual([
      'displayName',
      'email',
      'role',
      'username',
    ]);
  });

  it('admits only administrators to staff management', async () => {
    for (const role of ['reviewer', 'accountant', 'registrar'] as const) {
      const staff = await userWithSession(testDb.db, { role });
      expect(
        (await readProblem(await call('GET', '/api/v1/admin/users', staff.session.headers()))).code,
      ).toBe('forbidden');
    }
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    expect((await call('GET', '/api/v1/admin/users', contact.session.headers())).status).toBe(403);
  });
});

describe('unblocking', () => {
  it('lets a contact person unblock their own people, recorded with who, when and why', async () => {
    const organisation = await createOrganisation(testDb.db);
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
    });
    const locked = await lockedUser(organisation.id);
    const response = await call('POST', `/api/v1/org/users/${locked.id}/unblock`, contact.session.headers(), {
      reason: 'Confirmed by phone that she mistyped',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { isLocked: boolean }).isLocked).toBe(false);
    const events = await testDb.db
      .selectFrom('accountEvent')
      .select(['action', 'actorUserId', 'reason', 'at'])
      .where('userId', '=', locked.id)
      .execute();
    expect(events).toMatchObject([
      { action: 'unblocked', actorUserId: contact.id, reason: 'Confirmed by phone that she mistyped' },
    ]);
    expect(events[0]?.at).toBeInstanceOf(Date);
    const again = await call('POST', `/api/v1/org/users/${locked.id}/unblock`, contact.session.headers(), {
      reason: 'twice',
    });
    expect((await readProblem(again)).code).toBe('conflict');
  });

  it('never lets a contact person see or unblock another organisation’s people', async () => {
    const [ours, theirs] = [await createOrganisation(testDb.db), await createOrganisation(testDb.db)];
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id });
    const foreign = await lockedUser(theirs.id);
    const unblock = await call('POST', `/api/v1/org/users/${foreign.id}/unblock`, contact.session.headers(), {
      reason: 'curious',
    });
    expect((await readProblem(unblock)).code).toBe('notFound');
    const reset = await call(
      'POST',
      `/api/v1/org/users/${foreign.id}/reset-totp`,
      contact.session.headers(),
      { reason: 'curious' },
    );
    expect(reset.status).toBe(404);
    const list = (await (await call('GET', '/api/v1/org/users', contact.session.headers())).json()) as {
      users: Array<{ id: string }>;
    };
    expect(list.users.map((user) => user.id)).toEqual([contact.id]);
    const still = await testDb.db
      .selectFrom('appUser')
      .select(['lockedAt'])
      .where('id', '=', foreign.id)
      .executeTakeFirstOrThrow();
    expect(still.lockedAt).not.toBeNull();
  });

  it('lets a PMLP administrator unblock anyone and reset password and TOTP, ending their sessions', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db);
    const person = await userWithSession(testDb.db, { role: 'pdpUser', organisationId: organisation.id });
    const reset = await call(
      'POST',
      `/api/v1/admin/users/${person.id}/reset-password`,
      admin.session.headers(),
      { reason: 'forgotten' },
    );
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { initialPassword: string }).initialPassword).toHaveLength(20);
    expect((await call('GET', '/api/v1/org/organisation', person.session.headers())).status).toBe(401);
    const totp = await call('POST', `/api/v1/admin/users/${person.id}/reset-totp`, admin.session.headers(), {
      reason: 'new phone',
    });
    expect(((await totp.json()) as { totp: { secret: string } }).totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    const actions = await testDb.db
      .selectFrom('accountEvent')
      .select(['action'])
      .where('userId', '=', person.id)
      .orderBy('id')
      .execute();
    expect(actions.map((row) => row.action)).toEqual(['passwordReset', 'totpReset']);
  });

  it('answers a reason that is missing or too short with a 400', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db);
    const locked = await lockedUser(organisation.id);
    const problem = await readProblem(
      await call('POST', `/api/v1/admin/users/${locked.id}/unblock`, admin.session.headers(), {
        reason: 'x',
      }),
    );
    expect(problem.invalidParams?.map((param) => param.name)).toEqual(['reason']);
  });
});
