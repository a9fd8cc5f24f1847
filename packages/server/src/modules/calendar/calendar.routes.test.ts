import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, sessionFor, type TestUser } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { UserCaller } from '../identity/caller';
import { createRequest, submitRequest } from '../requests/requests.service';

let testDb: TestDatabase;
let server: TestApp;
const clock = new Date('2025-11-20T10:00:00+02:00');
let admin: TestUser;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
  admin = await createUser(testDb.db, { role: 'administrator' });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

/** A fresh session at the current clock: the clock jumps further than the idle timeout. */
async function headersOf(user: TestUser, extra: Record<string, string> = {}) {
  return (await sessionFor(testDb.db, user, clock)).headers(extra);
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function overrideEvents(day: string) {
  return testDb.db
    .selectFrom('calendarOverrideEvent')
    .select(['action', 'kind', 'note', 'actorUserId', 'at'])
    .where('day', '=', day)
    .orderBy('id')
    .execute();
}

describe('calendar overrides', () => {
  it('lets an administrator move 2 January 2026 to Saturday 17 January, with the history', async () => {
    const holiday = await call('PUT', '/api/v1/admin/calendar/overrides/2026-01-02', await headersOf(admin), {
      kind: 'holiday',
      note: 'Moved to Saturday 17 January',
    });
    expect(holiday.status).toBe(200);
    expect(await holiday.json()).toMatchObject({ day: '2026-01-02', kind: 'holiday', createdBy: admin.id });
    const worked = await call('PUT', '/api/v1/admin/calendar/overrides/2026-01-17', await headersOf(admin), {
      kind: 'workingDay',
      note: 'Worked in place of 2 January',
    });
    expect(worked.status).toBe(200);
    const reviewer = await createUser(testDb.db, { role: 'reviewer' });
    const list = await call('GET', '/api/v1/admin/calendar/overrides?year=2026', await headersOf(reviewer));
    expect(((await list.json()) as { overrides: { day: string; kind: string }[] }).overrides).toEqual([
      expect.objectContaining({ day: '2026-01-02', kind: 'holiday' }),
      expect.objectContaining({ day: '2026-01-17', kind: 'workingDay' }),
    ]);
    const otherYear = await call(
      'GET',
      '/api/v1/admin/calendar/overrides?year=2025',
      await headersOf(reviewer),
    );
    expect(((await otherYear.json()) as { overrides: unknown[] }).overrides).toEqual([]);
    expect(await overrideEvents('2026-01-02')).toEqual([
      {
        action: 'set',
        kind: 'holiday',
        note: 'Moved to Saturday 17 January',
        actorUserId: admin.id,
        at: clock,
      },
    ]);
  });

  it('changes a note in place and removes an override, recording both', async () => {
    const path = '/api/v1/admin/calendar/overrides/2026-05-29';
    await call('PUT', path, await headersOf(admin), { kind: 'holiday', note: 'First note' });
    await call('PUT', path, await headersOf(admin), { kind: 'holiday', note: 'Second note' });
    const { cookie, csrfToken } = await sessionFor(testDb.db, admin, clock);
    const removed = await call('DELETE', path, { cookie, 'x-csrf-token': csrfToken });
    expect(removed.status).toBe(204);
    const again = await call('DELETE', path, { cookie, 'x-csrf-token': csrfToken });
    expect((await readProblem(again)).code).toBe('notFound');
    expect((await overrideEvents('2026-05-29')).map(({ action, note }) => ({ action, note }))).toEqual([
      { action: 'set', note: 'First note' },
      { action: 'set', note: 'Second note' },
      { action: 'removed', note: 'Second note' },
    ]);
    const left = await testDb.db
      .selectFrom('calendarOverride')
      .select('day')
      .where('day', '=', '2026-05-29')
      .execute();
    expect(left).toEqual([]);
  });

  it('moves the deadline of an open request when the calendar changes', async () => {
    const { cookie, csrfToken } = await sessionFor(testDb.db, admin, clock);
    const removed = await call('DELETE', '/api/v1/admin/calendar/overrides/2026-01-02', {
      cookie,
      'x-csrf-token': csrfToken,
    });
    expect(removed.status).toBe(204);
    const organisation = await createOrganisation(testDb.db);
    const contact = await createUser(testDb.db, { role: 'contactPerson', organisationId: organisation.id });
    const actor: UserCaller = {
      kind: 'user',
      userId: contact.id,
      username: contact.username,
      role: 'contactPerson',
      organisationId: organisation.id,
      environment: null,
    };
    const ctx = { db: testDb.db, now: () => clock };
    const draft = await createRequest(ctx, actor, {
      title: 'Customer checks',
      scopes: [{ scope: 'identity', legalBasis: 'AML Law s. 11', purpose: 'Identify customers' }],
      channels: ['api'],
      environments: ['test'],
      expectedSystemUsers: 1,
      wantsMonitoring: false,
      contactPersons: [{ name: 'Anna Bērziņa', email: 'anna@example.lv' }],
    });
    const submitted = await submitRequest(ctx, actor, draft.id);
    // Submitted 20 November 2025 with 2 January worked: the 30th working day is 8 January.
    expect(submitted.deadline).toBe('2026-01-08');
    const response = await call(
      'PUT',
      '/api/v1/admin/calendar/overrides/2026-01-02',
      await headersOf(admin),
      {
        kind: 'holiday',
        note: 'Moved to Saturday 17 January',
      },
    );
    expect(response.status).toBe(200);
    const stored = await testDb.db
      .selectFrom('serviceRequest')
      .select(['deadline', 'updatedAt'])
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ deadline: '2026-01-09', updatedAt: clock });
  });

  it('refuses bad input, listing every invalid parameter', async () => {
    const schema = await readProblem(
      await call('PUT', '/api/v1/admin/calendar/overrides/2026-1-2', await headersOf(admin), {
        kind: 'vacation',
        note: '',
        extra: true,
      }),
    );
    expect(schema.code).toBe('paramsValidation');
    expect(schema.invalidParams?.map((param) => param.name).sort()).toEqual(['day']);
    const body = await readProblem(
      await call('PUT', '/api/v1/admin/calendar/overrides/2026-01-05', await headersOf(admin), {
        kind: 'vacation',
        note: '',
        extra: true,
      }),
    );
    expect(body.invalidParams?.map((param) => param.name).sort()).toEqual(['extra', 'kind', 'note']);
    const impossible = await readProblem(
      await call('PUT', '/api/v1/admin/calendar/overrides/2026-02-30', await headersOf(admin), {
        kind: 'holiday',
        note: 'No such day',
      }),
    );
    expect(impossible.invalidParams).toEqual([{ name: 'day', code: 'date', reason: expect.any(String) }]);
    for (const [day, kind] of [
      ['2026-01-05', 'workingDay'],
      ['2026-01-10', 'holiday'],
      ['2026-06-23', 'holiday'],
    ]) {
      const noEffect = await readProblem(
        await call('PUT', `/api/v1/admin/calendar/overrides/${day}`, await headersOf(admin), {
          kind,
          note: 'Pointless',
        }),
      );
      expect(noEffect.invalidParams).toEqual([
        { name: 'kind', code: 'noEffect', reason: expect.any(String) },
      ]);
    }
    const year = await readProblem(
      await call('GET', '/api/v1/admin/calendar/overrides?year=1999', await headersOf(admin)),
    );
    expect(year.invalidParams?.map((param) => param.name)).toEqual(['year']);
  });

  it('lets only administrators write, and only with the CSRF header', async () => {
    const body = { kind: 'holiday', note: 'Extra day off' };
    const path = '/api/v1/admin/calendar/overrides/2026-07-03';
    for (const role of ['reviewer', 'accountant', 'registrar', 'contactPerson'] as const) {
      const organisationId = role === 'contactPerson' ? (await createOrganisation(testDb.db)).id : undefined;
      const user = await createUser(testDb.db, { role, organisationId });
      const refused = await readProblem(await call('PUT', path, await headersOf(user), body));
      expect(refused.code).toBe('forbidden');
    }
    const { cookie } = await sessionFor(testDb.db, admin, clock);
    const noCsrf = await call('PUT', path, { cookie, 'content-type': 'application/json' }, body);
    expect((await readProblem(noCsrf)).code).toBe('forbidden');
    const noCsrfDelete = await call('DELETE', '/api/v1/admin/calendar/overrides/2026-01-17', { cookie });
    expect(noCsrfDelete.status).toBe(403);
    const rows = await testDb.db
      .selectFrom('calendarOverride')
      .select('day')
      .where('day', 'in', ['2026-07-03', '2026-01-17'])
      .execute();
    expect(rows).toEqual([{ day: '2026-01-17' }]);
    const contact = await createUser(testDb.db, {
      role: 'contactPerson',
      organisationId: (await createOrganisation(testDb.db)).id,
    });
    const read = await call(
      'GET',
      '/api/v1/admin/calendar/working-days?from=2026-01-01&to=2026-01-31',
      await headersOf(contact),
    );
    expect(read.status).toBe(403);
  });
});

describe('working days in a range', () => {
  it('counts January 2026 with the moved days and names every day off', async () => {
    const accountant = await createUser(testDb.db, { role: 'accountant' });
    const response = await call(
      'GET',
      '/api/v1/admin/calendar/working-days?from=2026-01-01&to=2026-01-18',
      await headersOf(accountant),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { workingDayCount: number; days: unknown[] };
    // 5–9, 12–16 and the worked Saturday 17 January.
    expect(body.workingDayCount).toBe(11);
    expect(body.days).toEqual([
      { day: '2026-01-01', isWorkingDay: false, reason: 'publicHoliday', name: 'Jaunais Gads' },
      {
        day: '2026-01-02',
        isWorkingDay: false,
        reason: 'holidayOverride',
        name: 'Moved to Saturday 17 January',
      },
      { day: '2026-01-03', isWorkingDay: false, reason: 'weekend', name: null },
      { day: '2026-01-04', isWorkingDay: false, reason: 'weekend', name: null },
      { day: '2026-01-10', isWorkingDay: false, reason: 'weekend', name: null },
      { day: '2026-01-11', isWorkingDay: false, reason: 'weekend', name: null },
      {
        day: '2026-01-17',
        isWorkingDay: true,
        reason: 'workingDayOverride',
        name: 'Worked in place of 2 January',
      },
      { day: '2026-01-18', isWorkingDay: false, reason: 'weekend', name: null },
    ]);
  });

  it('refuses impossible, reversed, too long and missing ranges', async () => {
    const headers = await headersOf(admin);
    const ask = async (query: string) =>
      (await readProblem(await call('GET', `/api/v1/admin/calendar/working-days${query}`, headers)))
        .invalidParams;
    expect((await ask(''))?.map((param) => param.name).sort()).toEqual(['from', 'to']);
    expect((await ask('?from=2026-02-30&to=2026-02-31'))?.map((param) => [param.name, param.code])).toEqual([
      ['from', 'date'],
      ['to', 'date'],
    ]);
    expect(await ask('?from=2026-03-01&to=2026-02-01')).toEqual([
      { name: 'to', code: 'order', reason: expect.any(String) },
    ]);
    expect(await ask('?from=2026-01-01&to=2027-01-03')).toEqual([
      { name: 'to', code: 'range', reason: expect.any(String) },
    ]);
  });
});
