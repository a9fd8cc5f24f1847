import type { AuditEvent, AuditEventPage } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type TestOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import {
  auditRecord,
  createPerson,
  createPurpose,
  type TestPerson,
  type TestPurpose,
} from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents, type NewAuditEvent } from './audit.repository';
import { sealAuditEvents } from './audit-sealer';

const now = new Date('2026-11-27T10:00:00Z');

let testDb: TestDatabase;
let server: TestApp;
let ours: TestOrganisation;
let theirs: TestOrganisation;
let ourPurpose: TestPurpose;
let ourOtherPurpose: TestPurpose;
let theirPurpose: TestPurpose;
let renamed: TestPerson;
let other: TestPerson;
let testPerson: TestPerson;

/** Everything inserted, so expectations are computed from what the database holds. */
const inserted: NewAuditEvent[] = [];

async function record(events: NewAuditEvent[]): Promise<void> {
  await insertAuditEvents(testDb.db, events);
  inserted.push(...events);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
  const { db } = testDb;
  ours = await createOrganisation(db, { name: 'SIA Ķekavas Ābeles' });
  theirs = await createOrganisation(db, { name: 'AS Citi' });
  ourPurpose = await createPurpose(db, { organisationId: ours.id });
  ourOtherPurpose = await createPurpose(db, { organisationId: ours.id, purpose: 'Parādu piedziņa' });
  theirPurpose = await createPurpose(db, { organisationId: theirs.id, covertUntil: '2027-03-01' });
  renamed = await createPerson(db, { personalCode: '325260-18157', previousPersonalCode: '150775-11784' });
  other = await createPerson(db, { personalCode: '010190-10415' });
  testPerson = await createPerson(db, { environment: 'test', personalCode: '010190-10415' });
  await record([
    // Five older deliveries for paging, one per day.
    ...[10, 11, 12, 13, 14].map((day) =>
      auditRecord(ourPurpose, renamed, { occurredAt: new Date(`2026-11-${day}T09:00:00Z`) }),
    ),
    auditRecord(ourPurpose, renamed, {
      occurredAt: new Date('2026-11-20T09:00:00Z'),
      actorKind: 'user',
      actorId: '9a1b7c1e-3d0f-4a7e-9c55-0f3b7d2e6a10',
      endUser: 'Inese Kalniņa',
      caseReference: 'L-17/2026',
      queryType: 'byNameAndBirthDate',
      searchParameters: ['surname', 'birthDate'],
    }),
    // 22:30 UTC on 25 November is already 26 November in Rīga.
    auditRecord(ourOtherPurpose, other, { occurredAt: new Date('2026-11-25T22:30:00Z') }),
    auditRecord(ourPurpose, testPerson, { occurredAt: new Date('2026-11-26T10:00:00Z') }),
    auditRecord(theirPurpose, renamed, { occurredAt: new Date('2026-11-21T10:00:00Z') }),
    auditRecord(theirPurpose, other, { occurredAt: new Date('2026-11-22T10:00:00Z') }),
  ]);
  await sealAuditEvents(db);
  // One more, not yet sealed: the log shows it at once, without a chain position.
  await record([auditRecord(ourPurpose, other, { occurredAt: new Date('2026-11-26T12:00:00Z') })]);
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

/** The expected answer for the records matching `keep`, newest first, read back from the database. */
async function expectedEvents(keep: (event: NewAuditEvent) => boolean): Promise<AuditEvent[]> {
  const requestIds = inserted.filter(keep).map((event) => event.requestId);
  const rows = await testDb.db
    .selectFrom('auditEvent')
    .leftJoin('auditChainLink', 'auditChainLink.auditEventId', 'auditEvent.id')
    .select(['auditEvent.id', 'requestId', 'occurredAt', 'auditChainLink.chainPosition'])
    .where('requestId', 'in', requestIds)
    .orderBy('occurredAt', 'desc')
    .orderBy('auditEvent.id', 'desc')
    .execute();
  return rows.map((row) => {
    const event = inserted.find((candidate) => candidate.requestId === row.requestId);
    if (!event) throw new Error('inserted above');
    return {
      id: row.id,
      requestId: event.requestId,
      occurredAt: event.occurredAt.toISOString(),
      organisationId: event.organisationId,
      environment: event.environment,
      actor: { kind: event.actorKind, id: event.actorId },
      endUser: event.endUser,
      purposeId: event.purposeId,
      caseReference: event.caseReference,
      queryType: event.queryType,
      searchParameters: [...event.searchParameters],
      personalCode: event.personalCode,
      fields: [...event.fields],
      feeCents: event.feeCents,
      chainPosition: row.chainPosition,
    };
  });
}

async function readPage(
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<AuditEventPage> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AuditEventPage;
}

describe('the organisation’s access log', () => {
  it('shows the organisation its own deliveries only, newest first, sealed or not', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    const page = await readPage('/api/v1/org/audit', contact.session.headers());
    expect(page).toEqual({
      events: await expectedEvents((event) => event.organisationId === ours.id),
      next: null,
    });
    expect(page.events[0]?.chainPosition).toBeNull();
    expect(page.events.slice(1).every((event) => event.chainPosition !== null)).toBe(true);
    expect(JSON.stringify(page)).not.toContain(theirs.id);

    const theirContact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: theirs.id,
      now,
    });
    const theirPage = await readPage('/api/v1/org/audit', theirContact.session.headers());
    expect(theirPage.events.map((event) => event.organisationId)).toEqual([theirs.id, theirs.id]);
  });

  it('filters by purpose, environment and Rīga days', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    const headers = contact.session.headers();
    expect(await readPage(`/api/v1/org/audit?purposeId=${ourOtherPurpose.id}`, headers)).toEqual({
      events: await expectedEvents((event) => event.purposeId === ourOtherPurpose.id),
      next: null,
    });
    expect(await readPage('/api/v1/org/audit?environment=test', headers)).toEqual({
      events: await expectedEvents(
        (event) => event.organisationId === ours.id && event.environment === 'test',
      ),
      next: null,
    });
    // The delivery at 22:30 UTC on 25 November belongs to Rīga's 26 November.
    const onTheTwentySixth = await readPage('/api/v1/org/audit?from=2026-11-26&to=2026-11-26', headers);
    expect(onTheTwentySixth.events.map((event) => event.occurredAt)).toEqual([
      '2026-11-26T12:00:00.000Z',
      '2026-11-26T10:00:00.000Z',
      '2026-11-25T22:30:00.000Z',
    ]);
    const untilTheTwentyFifth = await readPage('/api/v1/org/audit?from=2026-11-14&to=2026-11-25', headers);
    expect(untilTheTwentyFifth.events.map((event) => event.occurredAt)).toEqual([
      '2026-11-20T09:00:00.000Z',
      '2026-11-14T09:00:00.000Z',
    ]);
  });

  it('never answers with another organisation’s records, even asked for its purpose', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    const page = await readPage(`/api/v1/org/audit?purposeId=${theirPurpose.id}`, contact.session.headers());
    expect(page).toEqual({ events: [], next: null });
  });

  it('pages with a cursor through every record exactly once', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    const seen: AuditEvent[] = [];
    let path = '/api/v1/org/audit?limit=3';
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await readPage(path, contact.session.headers());
      expect(page.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.events);
      if (page.next === null) break;
      path = `/api/v1/org/audit?limit=3&cursor=${page.next}`;
    }
    expect(seen).toEqual(await expectedEvents((event) => event.organisationId === ours.id));
  });

  it('is for contact persons: PDP users and PMLP staff are refused', async () => {
    for (const role of ['pdpUser', 'administrator'] as const) {
      const user = await userWithSession(testDb.db, {
        role,
        organisationId: role === 'pdpUser' ? ours.id : undefined,
        now,
      });
      const response = await fetch(`${server.baseUrl}/api/v1/org/audit`, { headers: user.session.headers() });
      expect((await readProblem(response)).code).toBe('forbidden');
    }
  });

  it('lists every invalid filter at once', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    const headers = contact.session.headers();
    const schema = await readProblem(
      await fetch(
        `${server.baseUrl}/api/v1/org/audit?limit=0&environment=staging&purposeId=42&cursor=%2A%2A&colour=red`,
        { headers },
      ),
    );
    expect(schema.code).toBe('paramsValidation');
    expect(schema.invalidParams?.map((param) => [param.name, param.code]).sort()).toEqual([
      ['colour', 'unknownField'],
      ['cursor', 'pattern'],
      ['environment', 'enum'],
      ['limit', 'minimum'],
      ['purposeId', 'format'],
    ]);
    const domain = await readProblem(
      await fetch(
        `${server.baseUrl}/api/v1/org/audit?from=2026-02-31&to=2026-02-30&cursor=bm90LWEtY3Vyc29y`,
        {
          headers,
        },
      ),
    );
    expect(domain.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['from', 'date'],
      ['to', 'date'],
      ['cursor', 'malformed'],
    ]);
    const order = await readProblem(
      await fetch(`${server.baseUrl}/api/v1/org/audit?from=2026-03-02&to=2026-03-01`, { headers }),
    );
    expect(order.invalidParams).toEqual([
      { name: 'to', code: 'dateOrder', reason: 'must not be before from' },
    ]);
  });
});

describe('PMLP’s search of the access log', () => {
  const path = '/api/v1/admin/audit/search';

  it('finds a person’s deliveries by current or previous code, covert purposes included', async () => {
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer', now });
    const expected = {
      events: await expectedEvents((event) => event.personId === renamed.id),
      next: null,
    };
    expect(expected.events.map((event) => event.purposeId)).toContain(theirPurpose.id);
    expect(await readPage(path, reviewer.session.headers(), { personalCode: '32526018157' })).toEqual(
      expected,
    );
    expect(await readPage(path, reviewer.session.headers(), { personalCode: '150775-11784' })).toEqual(
      expected,
    );
  });

  it('finds one PDP user’s or system client’s deliveries, as a misuse signal names them', async () => {
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer', now });
    const user = '9a1b7c1e-3d0f-4a7e-9c55-0f3b7d2e6a10';
    expect(await readPage(path, reviewer.session.headers(), { actorKind: 'user', actorId: user })).toEqual({
      events: await expectedEvents((event) => event.actorKind === 'user' && event.actorId === user),
      next: null,
    });
    const byClient = await readPage(path, reviewer.session.headers(), {
      organisationId: ours.id,
      actorKind: 'client',
      actorId: 'client-test-1',
      from: '2026-11-26',
      to: '2026-11-26',
    });
    // 22:30 UTC on the 25th is the 26th in Rīga; both environments, as none was asked for.
    expect(byClient.events).toHaveLength(3);
    expect(byClient).toEqual({
      events: await expectedEvents(
        (event) =>
          event.organisationId === ours.id &&
          event.actorKind === 'client' &&
          event.occurredAt >= new Date('2026-11-25T22:00:00Z') &&
          event.occurredAt < new Date('2026-11-26T22:00:00Z'),
      ),
      next: null,
    });
    const half = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: reviewer.session.headers(),
      body: JSON.stringify({ actorId: user, from: '2026-02-30' }),
    });
    expect((await readProblem(half)).invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['from', 'date'],
      ['actorKind', 'required'],
    ]);
  });

  it('searches one environment’s person only when asked for it', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator', now });
    const headers = admin.session.headers();
    expect(await readPage(path, headers, { personalCode: '010190-10415' })).toEqual({
      events: await expectedEvents((event) => event.personalCode === '010190-10415'),
      next: null,
    });
    expect(await readPage(path, headers, { personalCode: '010190-10415', environment: 'test' })).toEqual({
      events: await expectedEvents((event) => event.personId === testPerson.id),
      next: null,
    });
    // A valid code nobody holds: nothing, rather than an error that would confirm or deny a person.
    expect(await readPage(path, headers, { personalCode: '311299-13153' })).toEqual({
      events: [],
      next: null,
    });
  });

  it('filters by organisation, purpose and Rīga days, and pages', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator', now });
    const headers = admin.session.headers();
    expect(await readPage(path, headers, { organisationId: theirs.id })).toEqual({
      events: await expectedEvents((event) => event.organisationId === theirs.id),
      next: null,
    });
    expect(await readPage(path, headers, { purposeId: ourOtherPurpose.id })).toEqual({
      events: await expectedEvents((event) => event.purposeId === ourOtherPurpose.id),
      next: null,
    });
    const days = await readPage(path, headers, {
      from: '2026-11-21',
      to: '2026-11-22',
      organisationId: theirs.id,
    });
    expect(days.events.map((event) => event.occurredAt)).toEqual([
      '2026-11-22T10:00:00.000Z',
      '2026-11-21T10:00:00.000Z',
    ]);
    const first = await readPage(path, headers, { limit: 4 });
    expect(first.next).not.toBeNull();
    const second = await readPage(path, headers, { limit: 100, cursor: first.next });
    expect([...first.events, ...second.events]).toEqual(await expectedEvents(() => true));
    expect(second.next).toBeNull();
  });

  it('is for administrators and reviewers, and needs the CSRF token', async () => {
    const accountant = await userWithSession(testDb.db, { role: 'accountant', now });
    const refused = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: accountant.session.headers(),
      body: '{}',
    });
    expect((await readProblem(refused)).code).toBe('forbidden');
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer', now });
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = reviewer.session.headers();
    const noCsrf = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: withoutCsrf,
      body: '{}',
    });
    expect(noCsrf.status).toBe(403);
    expect((await readProblem(noCsrf)).code).toBe('forbidden');
  });

  it('lists every invalid parameter at once, and never echoes a personal code', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator', now });
    const headers = admin.session.headers();
    const post = (body: unknown) =>
      fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const schema = await readProblem(
      await post({
        personalCode: '123',
        organisationId: 'ours',
        limit: 501,
        environment: 'staging',
        extra: true,
      }),
    );
    expect(schema.invalidParams?.map((param) => [param.name, param.code]).sort()).toEqual([
      ['environment', 'enum'],
      ['extra', 'unknownField'],
      ['limit', 'maximum'],
      ['organisationId', 'format'],
      ['personalCode', 'pattern'],
    ]);
    const response = await post({
      personalCode: '010190-10416',
      from: '2026-02-29',
      cursor: 'bm90LWEtY3Vyc29y',
    });
    const text = await response.text();
    expect(text).not.toContain('010190');
    expect(
      JSON.parse(text).invalidParams.map((param: { name: string; code: string }) => [param.name, param.code]),
    ).toEqual([
      ['from', 'date'],
      ['cursor', 'malformed'],
      ['personalCode', 'checksum'],
    ]);
  });
});
