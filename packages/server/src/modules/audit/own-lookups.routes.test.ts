import type { AuditEventPage } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type TestOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { auditRecord, createPerson, createPurpose, type TestPurpose } from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents } from './audit.repository';

const now = new Date('2026-11-27T10:00:00Z');

let testDb: TestDatabase;
let server: TestApp;
let ours: TestOrganisation;
let purpose: TestPurpose;
let me: Awaited<ReturnType<typeof userWithSession>>;
let colleague: Awaited<ReturnType<typeof userWithSession>>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
  const { db } = testDb;
  ours = await createOrganisation(db, { name: 'SIA Uzmanīgie' });
  const theirs = await createOrganisation(db, { name: 'AS Citi' });
  purpose = await createPurpose(db, { organisationId: ours.id });
  const theirPurpose = await createPurpose(db, { organisationId: theirs.id });
  me = await userWithSession(db, {
    role: 'pdpUser',
    organisationId: ours.id,
    environment: 'production',
    now,
  });
  colleague = await userWithSession(db, {
    role: 'pdpUser',
    organisationId: ours.id,
    environment: 'production',
    now,
  });
  const person = await createPerson(db, { personalCode: '010190-10415' });
  const asUser = (userId: string, day: number) => ({
    actorKind: 'user' as const,
    actorId: userId,
    occurredAt: new Date(`2026-11-${day}T09:00:00Z`),
    caseReference: `L-${day}`,
  });
  await insertAuditEvents(db, [
    auditRecord(purpose, person, asUser(me.id, 20)),
    auditRecord(purpose, person, asUser(me.id, 21)),
    auditRecord(purpose, person, asUser(colleague.id, 22)),
    auditRecord(purpose, person, { occurredAt: new Date('2026-11-23T09:00:00Z') }),
    // The same user id in another organisation's log cannot be ours, whatever it says.
    auditRecord(theirPurpose, person, asUser(me.id, 24)),
  ]);
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function lookups(headers: Record<string, string>, query = ''): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/me/lookups${query}`, { headers });
}

describe('GET /api/v1/me/lookups', () => {
  it('lists only the caller’s own deliveries in its organisation, newest first', async () => {
    const response = await lookups(me.session.headers());
    expect(response.status).toBe(200);
    const page = (await response.json()) as AuditEventPage;
    expect(page.events.map((event) => [event.caseReference, event.actor])).toEqual([
      ['L-21', { kind: 'user', id: me.id }],
      ['L-20', { kind: 'user', id: me.id }],
    ]);
    expect(page.next).toBeNull();
  });

  it('pages with the cursor', async () => {
    const first = (await (await lookups(me.session.headers(), '?limit=1')).json()) as AuditEventPage;
    expect(first.events.map((event) => event.caseReference)).toEqual(['L-21']);
    expect(first.next).not.toBeNull();
    const second = (await (
      await lookups(me.session.headers(), `?limit=1&cursor=${first.next}`)
    ).json()) as AuditEventPage;
    expect(second.events.map((event) => event.caseReference)).toEqual(['L-20']);
  });

  it('refuses other roles and anonymous callers', async () => {
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id, now });
    expect((await readProblem(await lookups(contact.session.headers()))).code).toBe('forbidden');
    expect((await readProblem(await lookups({}))).code).toBe('authentication');
  });

  it('lists every invalid filter at once', async () => {
    const problem = await readProblem(
      await lookups(me.session.headers(), '?from=2026-02-30&cursor=notacursor'),
    );
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual(['cursor', 'from']);
  });
});
