import type { MisuseSignalList } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createUser,
  type TestOrganisation,
  type TestUser,
  userWithSession,
} from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { auditRecord, createPerson, createPurpose, type TestPurpose } from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents, type NewAuditEvent } from './audit.repository';

// Friday 27 November 2026, noon in Rīga (UTC+2 in winter).
const now = new Date('2026-11-27T10:00:00Z');

let testDb: TestDatabase;
let server: TestApp;
let ours: TestOrganisation;
let theirs: TestOrganisation;
let ourPurpose: TestPurpose;
let theirPurpose: TestPurpose;
let clerk: TestUser;
let nightOwl: TestUser;
let socialWorker: TestUser;

/** `count` records one second apart from `start`. */
function burst(count: number, start: string, make: (occurredAt: Date) => NewAuditEvent): NewAuditEvent[] {
  return Array.from({ length: count }, (_, i) => make(new Date(new Date(start).getTime() + i * 1000)));
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
  const { db } = testDb;
  ours = await createOrganisation(db, { name: 'SIA Ķekavas Ābeles' });
  theirs = await createOrganisation(db, { name: 'AS Citi' });
  ourPurpose = await createPurpose(db, { organisationId: ours.id });
  theirPurpose = await createPurpose(db, { organisationId: theirs.id });
  clerk = await createUser(db, { role: 'pdpUser', organisationId: ours.id, environment: 'production' });
  nightOwl = await createUser(db, { role: 'pdpUser', organisationId: ours.id, environment: 'production' });
  socialWorker = await createUser(db, {
    role: 'pdpUser',
    organisationId: ours.id,
    environment: 'production',
  });
  // The social service serves the residents of one novads (0020000 covers its towns and parishes).
  const localPurpose = await createPurpose(db, {
    organisationId: ours.id,
    populationTerritories: ['0020000'],
  });
  const resident = await createPerson(db, { atvk: '0020440' });
  const inRiga = await createPerson(db, { atvk: '0001000' });
  const abroad = await createPerson(db);
  const person = await createPerson(db, { personalCode: '010190-10415' });
  const testPerson = await createPerson(db, { environment: 'test', personalCode: '010190-10415' });
  const byUser = (user: TestUser) => ({ actorKind: 'user' as const, actorId: user.id });
  const steadyDays = Array.from({ length: 29 }, (_, i) => new Date(Date.UTC(2026, 9, 29 + i, 9)));
  const records = [
    // Wednesday 25th: the clerk's 5 lookups in the morning, then 20 from 21:00 Rīga time.
    ...burst(5, '2026-11-25T08:00:00Z', (at) =>
      auditRecord(ourPurpose, person, { ...byUser(clerk), occurredAt: at }),
    ),
    ...burst(20, '2026-11-25T19:00:00Z', (at) =>
      auditRecord(ourPurpose, person, { ...byUser(clerk), occurredAt: at }),
    ),
    // 22:30 UTC on the 25th is 00:30 on the 26th in Rīga.
    ...burst(20, '2026-11-25T22:30:00Z', (at) =>
      auditRecord(ourPurpose, person, { ...byUser(nightOwl), occurredAt: at }),
    ),
    // Thursday 26th: a client of theirs with no history delivers 60 persons.
    ...burst(60, '2026-11-26T09:00:00Z', (at) =>
      auditRecord(theirPurpose, person, { actorId: 'client-spike', occurredAt: at }),
    ),
    // A client of ours delivering 60 a day for 29 days: busy, but its own normal.
    ...steadyDays.flatMap((day) =>
      burst(60, day.toISOString(), (at) =>
        auditRecord(ourPurpose, person, { actorId: 'client-steady', occurredAt: at }),
      ),
    ),
    // Thursday 26th, working hours: 5 residents and 12 persons from elsewhere under the local purpose;
    // the same 12 under the purpose without a declared population count as nothing.
    ...burst(5, '2026-11-26T08:00:00Z', (at) =>
      auditRecord(localPurpose, resident, { ...byUser(socialWorker), occurredAt: at }),
    ),
    ...burst(12, '2026-11-26T09:00:00Z', (at) =>
      auditRecord(localPurpose, at.getUTCSeconds() % 2 === 0 ? inRiga : abroad, {
        ...byUser(socialWorker),
        occurredAt: at,
      }),
    ),
    ...burst(12, '2026-11-26T10:00:00Z', (at) =>
      auditRecord(ourPurpose, inRiga, { actorId: 'client-without-population', occurredAt: at }),
    ),
    // Monitoring feed deliveries follow subscriptions, not searches: never a signal.
    ...burst(80, '2026-11-26T01:00:00Z', (at) =>
      auditRecord(theirPurpose, person, {
        actorId: 'client-feed',
        queryType: 'monitoringFeed',
        occurredAt: at,
      }),
    ),
    // The test environment is examined on its own.
    ...burst(30, '2026-11-26T20:00:00Z', (at) =>
      auditRecord(ourPurpose, testPerson, { ...byUser(clerk), occurredAt: at }),
    ),
  ];
  for (let i = 0; i < records.length; i += 500) await insertAuditEvents(db, records.slice(i, i + 500));
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

const path = '/api/v1/admin/audit/signals';

async function signals(query: string, headers: Record<string, string>): Promise<MisuseSignalList> {
  const response = await fetch(`${server.baseUrl}${path}${query}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as MisuseSignalList;
}

describe('misuse signals', () => {
  it('names the spike, the after-hours bulk and the persons from outside, by Rīga day, and nothing ordinary', async () => {
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer', now });
    const answer = await signals('?from=2026-11-20&to=2026-11-27', reviewer.session.headers());
    expect(answer).toMatchObject({ from: '2026-11-20', to: '2026-11-27', environment: 'production' });
    expect(answer.signals).toEqual([
      {
        kind: 'volumeSpike',
        day: '2026-11-26',
        organisationId: theirs.id,
        organisationName: 'AS Citi',
        actor: { kind: 'client', id: 'client-spike', name: null },
        persons: 60,
        afterHoursPersons: 0,
        outsidePopulationPersons: 0,
        baselinePerDay: 0,
        firstAt: '2026-11-26T09:00:00.000Z',
        lastAt: '2026-11-26T09:00:59.000Z',
      },
      expect.objectContaining({
        kind: 'afterHoursBulk',
        day: '2026-11-26',
        actor: { kind: 'user', id: nightOwl.id, name: 'Test pdpUser' },
        persons: 20,
        afterHoursPersons: 20,
      }),
      {
        kind: 'outsidePopulation',
        day: '2026-11-26',
        organisationId: ours.id,
        organisationName: 'SIA Ķekavas Ābeles',
        actor: { kind: 'user', id: socialWorker.id, name: 'Test pdpUser' },
        persons: 17,
        afterHoursPersons: 0,
        outsidePopulationPersons: 12,
        baselinePerDay: 0,
        firstAt: '2026-11-26T08:00:00.000Z',
        lastAt: '2026-11-26T09:00:11.000Z',
      },
      {
        kind: 'afterHoursBulk',
        day: '2026-11-25',
        organisationId: ours.id,
        organisationName: 'SIA Ķekavas Ābeles',
        actor: { kind: 'user', id: clerk.id, name: 'Test pdpUser' },
        persons: 25,
        afterHoursPersons: 20,
        outsidePopulationPersons: 0,
        baselinePerDay: 0,
        firstAt: '2026-11-25T08:00:00.000Z',
        lastAt: '2026-11-25T19:00:19.000Z',
      },
    ]);
    expect(answer.rules).toEqual({
      volumeSpike: { minimumPersons: 50, factor: 3, baselineDays: 28 },
      afterHoursBulk: { minimumPersons: 20, workingHours: { from: '07:00', to: '20:00' } },
      outsidePopulation: { minimumPersons: 10 },
    });
  });

  it('looks at the week up to today by default, at the days asked otherwise, and at one environment', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator', now });
    const headers = admin.session.headers();
    const week = await signals('', headers);
    expect([week.from, week.to]).toEqual(['2026-11-21', '2026-11-27']);
    expect(week.signals.map((signal) => [signal.day, signal.actor.id])).toEqual([
      ['2026-11-26', 'client-spike'],
      ['2026-11-26', nightOwl.id],
      ['2026-11-26', socialWorker.id],
      ['2026-11-25', clerk.id],
    ]);
    expect((await signals('?from=2026-11-26&to=2026-11-26', headers)).signals).toHaveLength(3);
    expect((await signals('?to=2026-11-24', headers)).signals).toEqual([]);
    const test = await signals('?environment=test', headers);
    expect(test.signals).toEqual([
      expect.objectContaining({
        kind: 'afterHoursBulk',
        day: '2026-11-26',
        actor: expect.objectContaining({ id: clerk.id }),
      }),
    ]);
  });

  it('lists every invalid parameter at once', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator', now });
    const problemOf = async (query: string) => {
      const response = await fetch(`${server.baseUrl}${path}${query}`, { headers: admin.session.headers() });
      expect(response.status).toBe(400);
      return readProblem(response);
    };
    const dates = await problemOf('?from=2026-02-30&to=2026-13-01');
    expect(dates.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['from', 'date'],
      ['to', 'date'],
    ]);
    expect((await problemOf('?from=2026-11-27&to=2026-11-20')).invalidParams).toEqual([
      expect.objectContaining({ name: 'to', code: 'dateOrder' }),
    ]);
    expect((await problemOf('?from=2026-10-27&to=2026-11-27')).invalidParams).toEqual([
      expect.objectContaining({ name: 'from', code: 'range' }),
    ]);
    // 31 days are allowed. The steady client's first days were spikes (no history yet) until its
    // own average reached a third of its volume: ten days, 29 October to 7 November.
    const month = await signals('?from=2026-10-28&to=2026-11-27', admin.session.headers());
    const steady = month.signals
      .filter((signal) => signal.actor.id === 'client-steady')
      .map((signal) => signal.day);
    expect(steady.sort()).toEqual([
      ...['29', '30', '31'].map((day) => `2026-10-${day}`),
      ...['01', '02', '03', '04', '05', '06', '07'].map((day) => `2026-11-${day}`),
    ]);
    expect(month.signals).toHaveLength(14);
    const shapes = await problemOf('?from=yesterday&environment=staging');
    expect(shapes.invalidParams?.map((param) => param.name).sort()).toEqual(['environment', 'from']);
  });

  it('is for PMLP’s administrators and reviewers only', async () => {
    for (const options of [
      { role: 'accountant' as const },
      { role: 'contactPerson' as const, organisationId: ours.id },
      { role: 'pdpUser' as const, organisationId: ours.id },
    ]) {
      const user = await userWithSession(testDb.db, { ...options, now });
      const response = await fetch(`${server.baseUrl}${path}`, { headers: user.session.headers() });
      expect(response.status, options.role).toBe(403);
      expect(JSON.stringify(await response.json())).not.toContain('client-spike');
    }
    const anonymous = await fetch(`${server.baseUrl}${path}`);
    expect(anonymous.status).toBe(401);
  });
});
