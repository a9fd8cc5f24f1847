import type { ServiceRequest, ServiceRequestDetail, ServiceRequestInput } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, sessionFor, type TestUser } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertCalendarOverrides } from '../calendar/calendar.repository';
import { knownOverrides2026 } from '../calendar/known-overrides';

let testDb: TestDatabase;
let server: TestApp;
let clock = new Date('2026-06-10T10:00:00+03:00');
let reviewer: TestUser;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
  await insertCalendarOverrides(testDb.db, knownOverrides2026);
  reviewer = await createUser(testDb.db, { role: 'reviewer' });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function at(instant: string): void {
  clock = new Date(instant);
}

/** A fresh session at the current clock: the tests jump further than the idle timeout. */
async function headersOf(user: TestUser, extra: Record<string, string> = {}) {
  return (await sessionFor(testDb.db, user, clock)).headers(extra);
}

/** Action routes take no body; like the web app, an empty JSON object is sent with the JSON type. */
async function call(method: string, path: string, user: TestUser, body?: unknown) {
  const sent = body ?? (method === 'GET' ? undefined : {});
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: await headersOf(user),
    body: sent === undefined ? undefined : JSON.stringify(sent),
  });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

function requestInput(overrides: Partial<ServiceRequestInput> = {}): ServiceRequestInput {
  return {
    title: 'Customer due diligence',
    scopes: [
      { scope: 'identity', legalBasis: 'AML Law s. 11(1)', purpose: 'Identify customers' },
      {
        scope: 'residence',
        fields: ['residence.declaredAddress'],
        legalBasis: 'AML Law s. 11(3)',
        purpose: 'Verify the declared address',
      },
    ],
    channels: ['api', 'pdp'],
    environments: ['test', 'production'],
    expectedSystemUsers: 2,
    wantsMonitoring: true,
    contactPersons: [{ name: 'Anna Bērziņa', email: 'anna@example.lv', phone: '+371 20000000' }],
    ...overrides,
  };
}

async function newContact(): Promise<TestUser & { organisationId: string }> {
  const organisation = await createOrganisation(testDb.db);
  const user = await createUser(testDb.db, { role: 'contactPerson', organisationId: organisation.id });
  return { ...user, organisationId: organisation.id };
}

async function draftOf(contact: TestUser, input = requestInput()): Promise<ServiceRequestDetail> {
  return json(await call('POST', '/api/v1/org/requests', contact, input), 201);
}

async function submittedOf(contact: TestUser, instant: string): Promise<ServiceRequestDetail> {
  at(instant);
  const draft = await draftOf(contact);
  return json(await call('POST', `/api/v1/org/requests/${draft.id}/submit`, contact));
}

async function historyOf(requestId: string) {
  return testDb.db
    .selectFrom('requestEvent')
    .select(['fromStatus', 'toStatus', 'actorUserId', 'note', 'at'])
    .where('requestId', '=', requestId)
    .orderBy('id')
    .execute();
}

async function storedRequest(requestId: string) {
  return testDb.db
    .selectFrom('serviceRequest')
    .select(['status', 'title', 'submittedAt', 'deadline', 'pausedWorkingDays'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
}

describe('an organisation drafts and submits a request', () => {
  it('creates a draft, changes it, and submits it with a deadline after Midsummer', async () => {
    const contact = await newContact();
    at('2026-06-08T09:00:00+03:00');
    const draft = await draftOf(contact);
    expect(draft).toMatchObject({
      status: 'draft',
      organisationId: contact.organisationId,
      deadline: null,
      daysLeft: null,
      isOverdue: false,
      submittedAt: null,
      scopes: requestInput().scopes,
      contactPersons: requestInput().contactPersons,
    });
    expect(draft.history).toEqual([
      {
        fromStatus: null,
        toStatus: 'draft',
        actor: { id: contact.id, displayName: 'Test contactPerson', side: 'organisation' },
        note: null,
        at: clock.toISOString(),
      },
    ]);
    const changed = await json<ServiceRequestDetail>(
      await call(
        'PUT',
        `/api/v1/org/requests/${draft.id}`,
        contact,
        requestInput({ title: 'Changed title' }),
      ),
    );
    expect(changed.title).toBe('Changed title');
    // 22:30 UTC on 9 June is already 10 June in Rīga.
    at('2026-06-09T22:30:00Z');
    const submitted = await json<ServiceRequestDetail>(
      await call('POST', `/api/v1/org/requests/${draft.id}/submit`, contact),
    );
    // 30 working days from 10 June skipping 23–24 June: 24 July.
    expect(submitted).toMatchObject({
      status: 'submitted',
      deadline: '2026-07-24',
      daysLeft: 30,
      isOverdue: false,
    });
    expect(await storedRequest(draft.id)).toEqual({
      status: 'submitted',
      title: 'Changed title',
      submittedAt: clock,
      deadline: '2026-07-24',
      pausedWorkingDays: 0,
    });
    expect((await historyOf(draft.id)).at(-1)).toEqual({
      fromStatus: 'draft',
      toStatus: 'submitted',
      actorUserId: contact.id,
      note: 'Deadline 2026-07-24',
      at: clock,
    });
    const fixed = await call('PUT', `/api/v1/org/requests/${draft.id}`, contact, requestInput());
    expect((await readProblem(fixed)).code).toBe('conflict');
    const twice = await call('POST', `/api/v1/org/requests/${draft.id}/submit`, contact);
    expect((await readProblem(twice)).code).toBe('conflict');
    expect((await storedRequest(draft.id)).title).toBe('Changed title');
  });

  it.each([
    // 18 November is not worked.
    ['2026-10-20T12:00:00+03:00', '2026-12-02'],
    ['2026-11-11T12:00:00+02:00', '2026-12-28'],
    // 2 January 2026 was moved to Saturday 17 January, which becomes the 30th working day.
    ['2025-11-28T12:00:00+02:00', '2026-01-17'],
    ['2025-11-20T12:00:00+02:00', '2026-01-09'],
    // 1 and 4 May.
    ['2026-04-15T12:00:00+03:00', '2026-05-29'],
  ])('submitted at %s has the deadline %s', async (instant, deadline) => {
    const submitted = await submittedOf(await newContact(), instant);
    expect(submitted.deadline).toBe(deadline);
    expect((await storedRequest(submitted.id)).deadline).toBe(deadline);
  });

  it('lists only the organisation’s own requests, newest first', async () => {
    const contact = await newContact();
    at('2026-06-01T09:00:00+03:00');
    const first = await draftOf(contact);
    at('2026-06-02T09:00:00+03:00');
    const second = await draftOf(contact);
    await draftOf(await newContact());
    const list = await json<{ requests: ServiceRequest[] }>(
      await call('GET', '/api/v1/org/requests', contact),
    );
    expect(list.requests.map((request) => request.id)).toEqual([second.id, first.id]);
  });

  it('withdraws a request with the reason in its history', async () => {
    const contact = await newContact();
    const submitted = await submittedOf(contact, '2026-06-10T10:00:00+03:00');
    at('2026-06-11T10:00:00+03:00');
    const withdrawn = await json<ServiceRequestDetail>(
      await call('POST', `/api/v1/org/requests/${submitted.id}/withdraw`, contact, {
        reason: 'No longer needed',
      }),
    );
    expect(withdrawn).toMatchObject({ status: 'withdrawn', daysLeft: null, isOverdue: false });
    expect((await historyOf(submitted.id)).at(-1)).toEqual({
      fromStatus: 'submitted',
      toStatus: 'withdrawn',
      actorUserId: contact.id,
      note: 'No longer needed',
      at: clock,
    });
    const again = await call('POST', `/api/v1/org/requests/${submitted.id}/withdraw`, contact, {
      reason: 'Twice',
    });
    expect((await readProblem(again)).code).toBe('conflict');
    const message = await call('POST', `/api/v1/org/requests/${submitted.id}/messages`, contact, {
      body: 'Hello?',
    });
    expect((await readProblem(message)).code).toBe('conflict');
  });
});

describe('review with a clarification', () => {
  it('stops the clock while waiting and pushes the deadline by the working days spent', async () => {
    const contact = await newContact();
    const submitted = await submittedOf(contact, '2026-06-10T10:00:00+03:00');
    const path = `/api/v1/admin/requests/${submitted.id}`;
    at('2026-06-15T10:00:00+03:00');
    expect((await json<ServiceRequestDetail>(await call('POST', `${path}/review`, reviewer))).status).toBe(
      'in_review',
    );
    at('2026-06-19T10:00:00+03:00');
    const asked = await json<ServiceRequestDetail>(
      await call('POST', `${path}/clarification`, reviewer, { message: 'Which article of the law applies?' }),
    );
    expect(asked).toMatchObject({ status: 'clarification_requested', deadline: '2026-07-24', daysLeft: 23 });
    // While waiting, the days left do not shrink (23–24 June are holidays anyway; 22 June is not).
    at('2026-06-25T10:00:00+03:00');
    const waiting = await json<ServiceRequestDetail>(
      await call('GET', `/api/v1/org/requests/${submitted.id}`, contact),
    );
    expect(waiting).toMatchObject({ daysLeft: 23, isOverdue: false, deadline: '2026-07-28' });
    expect(waiting.messages).toEqual([
      expect.objectContaining({
        kind: 'clarificationRequest',
        body: 'Which article of the law applies?',
        author: expect.objectContaining({ id: reviewer.id, side: 'pmlp' }),
      }),
    ]);
    at('2026-06-26T15:00:00+03:00');
    const answer = await json<{ kind: string; author: { side: string } }>(
      await call('POST', `/api/v1/org/requests/${submitted.id}/messages`, contact, {
        body: 'Section 11(1).',
      }),
      201,
    );
    expect(answer).toMatchObject({ kind: 'clarificationAnswer', author: { side: 'organisation' } });
    // Waited 22, 25 and 26 June: three working days.
    expect(await storedRequest(submitted.id)).toMatchObject({
      status: 'in_review',
      deadline: '2026-07-29',
      pausedWorkingDays: 3,
    });
    expect((await historyOf(submitted.id)).slice(-2)).toEqual([
      {
        fromStatus: 'in_review',
        toStatus: 'clarification_requested',
        actorUserId: reviewer.id,
        note: 'Clarification requested',
        at: new Date('2026-06-19T10:00:00+03:00'),
      },
      {
        fromStatus: 'clarification_requested',
        toStatus: 'in_review',
        actorUserId: contact.id,
        note: 'Clarification answered after 3 working days; deadline 2026-07-29',
        at: clock,
      },
    ]);
    const note = await json<{ kind: string }>(
      await call('POST', `/api/v1/org/requests/${submitted.id}/messages`, contact, {
        body: 'One more thing.',
      }),
      201,
    );
    expect(note.kind).toBe('note');
    expect((await storedRequest(submitted.id)).status).toBe('in_review');
    const messages = await json<{ messages: { kind: string }[] }>(
      await call('GET', `/api/v1/org/requests/${submitted.id}/messages`, contact),
    );
    expect(messages.messages.map((message) => message.kind)).toEqual([
      'clarificationRequest',
      'clarificationAnswer',
      'note',
    ]);
    const detail = await json<ServiceRequestDetail>(await call('GET', path, reviewer));
    expect(detail.history.map((entry) => entry.toStatus)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'clarification_requested',
      'in_review',
    ]);
  });

  it('rejects with a reason and refuses steps the lifecycle forbids', async () => {
    const contact = await newContact();
    const submitted = await submittedOf(contact, '2026-06-10T10:00:00+03:00');
    const path = `/api/v1/admin/requests/${submitted.id}`;
    const early = await call('POST', `${path}/clarification`, reviewer, { message: 'Too early to ask' });
    expect((await readProblem(early)).code).toBe('conflict');
    await json(await call('POST', `${path}/review`, reviewer));
    const reviewTwice = await call('POST', `${path}/review`, reviewer);
    expect((await readProblem(reviewTwice)).code).toBe('conflict');
    const rejected = await json<ServiceRequestDetail>(
      await call('POST', `${path}/reject`, reviewer, { reason: 'No legal basis for monitoring' }),
    );
    expect(rejected.status).toBe('rejected');
    expect((await historyOf(submitted.id)).at(-1)).toMatchObject({
      toStatus: 'rejected',
      actorUserId: reviewer.id,
      note: 'No legal basis for monitoring',
    });
    const withdraw = await call('POST', `/api/v1/org/requests/${submitted.id}/withdraw`, contact, {
      reason: 'Late',
    });
    expect((await readProblem(withdraw)).code).toBe('conflict');
    const rejectTwice = await call('POST', `${path}/reject`, reviewer, { reason: 'Again' });
    expect((await readProblem(rejectTwice)).code).toBe('conflict');
    expect((await storedRequest(submitted.id)).status).toBe('rejected');
  });

  it('keeps drafts out of PMLP’s sight', async () => {
    const draft = await draftOf(await newContact());
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/review'],
    ] as const) {
      const response = await call(method, `/api/v1/admin/requests/${draft.id}${suffix}`, reviewer);
      expect((await readProblem(response)).code).toBe('notFound');
    }
    const queue = await json<{ requests: ServiceRequest[] }>(
      await call('GET', '/api/v1/admin/requests', reviewer),
    );
    expect(queue.requests.map((request) => request.id)).not.toContain(draft.id);
    expect((await storedRequest(draft.id)).status).toBe('draft');
  });
});

describe('the review queue', () => {
  it('shows open requests first, overdue at the top, then by working days left', async () => {
    const contact = await newContact();
    const overdue = await submittedOf(contact, '2026-04-15T12:00:00+03:00');
    const soon = await submittedOf(contact, '2026-05-20T12:00:00+03:00');
    const later = await submittedOf(contact, '2026-06-01T12:00:00+03:00');
    const closed = await submittedOf(contact, '2026-04-01T12:00:00+03:00');
    await json(
      await call('POST', `/api/v1/admin/requests/${closed.id}/reject`, reviewer, { reason: 'Out of scope' }),
    );
    await draftOf(contact);
    at('2026-06-03T12:00:00+03:00');
    const response = await call(
      'GET',
      `/api/v1/admin/requests?organisationId=${contact.organisationId}`,
      reviewer,
    );
    const queue = (await json<{ requests: ServiceRequest[] }>(response)).requests;
    expect(queue.map((request) => request.id)).toEqual([overdue.id, soon.id, later.id, closed.id]);
    // The deadline was 29 May; 1, 2 and 3 June have passed since.
    expect(queue[0]).toMatchObject({ deadline: '2026-05-29', daysLeft: -3, isOverdue: true });
    expect(queue[3]).toMatchObject({ status: 'rejected', daysLeft: null, isOverdue: false });
    const onlyRejected = await call(
      'GET',
      `/api/v1/admin/requests?organisationId=${contact.organisationId}&status=rejected`,
      reviewer,
    );
    expect((await json<{ requests: ServiceRequest[] }>(onlyRejected)).requests.map((r) => r.id)).toEqual([
      closed.id,
    ]);
  });
});

describe('bad input', () => {
  it('lists every invalid parameter of a request body', async () => {
    const contact = await newContact();
    const problem = await readProblem(
      await call('POST', '/api/v1/org/requests', contact, {
        title: '',
        scopes: [{ scope: 'shoeSize', legalBasis: 'x', purpose: 'Identify', fields: [] }],
        channels: ['api', 'api'],
        environments: ['staging'],
        expectedSystemUsers: -1,
        contactPersons: [{ name: 'Anna', email: 'not-an-email' }],
        extra: 1,
      }),
    );
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual([
      'channels',
      'contactPersons[0].email',
      'environments[0]',
      'expectedSystemUsers',
      'extra',
      'scopes[0].fields',
      'scopes[0].legalBasis',
      'scopes[0].scope',
      'title',
      'wantsMonitoring',
    ]);
    const tooMany = await readProblem(
      await call(
        'POST',
        '/api/v1/org/requests',
        contact,
        requestInput({ scopes: [], channels: [], environments: [], contactPersons: [] }),
      ),
    );
    expect(tooMany.invalidParams?.map((param) => param.name).sort()).toEqual([
      'channels',
      'contactPersons',
      'environments',
      'scopes',
    ]);
  });

  it('lists duplicate scopes and field paths outside the catalogue or the scope', async () => {
    const contact = await newContact();
    const motivation = { legalBasis: 'AML Law s. 11', purpose: 'Identify customers' };
    const body = requestInput({
      scopes: [
        { scope: 'identity', fields: ['identity.surname', 'identity.hairColour'], ...motivation },
        { scope: 'death', fields: ['identity.birthDate'], ...motivation },
        { scope: 'identity', ...motivation },
      ],
    });
    for (const [method, path] of [
      ['POST', '/api/v1/org/requests'],
      ['PUT', `/api/v1/org/requests/${(await draftOf(contact)).id}`],
    ] as const) {
      const problem = await readProblem(await call(method, path, contact, body));
      expect(problem.invalidParams).toEqual([
        { name: 'scopes[0].fields[1]', code: 'unknownFieldPath', reason: expect.any(String) },
        { name: 'scopes[1].fields[0]', code: 'outsideScope', reason: expect.any(String) },
        { name: 'scopes[2].scope', code: 'duplicate', reason: expect.any(String) },
      ]);
    }
    const count = await testDb.db
      .selectFrom('serviceRequest')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('organisationId', '=', contact.organisationId)
      .executeTakeFirstOrThrow();
    expect(count.count).toBe('1');
  });

  it('refuses bad identifiers, reasons, messages and queue filters', async () => {
    const contact = await newContact();
    const submitted = await submittedOf(contact, '2026-06-10T10:00:00+03:00');
    const names = async (response: Response) =>
      (await readProblem(response)).invalidParams?.map((param) => param.name).sort();
    expect(await names(await call('GET', '/api/v1/org/requests/not-a-uuid', contact))).toEqual(['requestId']);
    expect(
      await names(await call('POST', `/api/v1/org/requests/${submitted.id}/withdraw`, contact, {})),
    ).toEqual(['reason']);
    expect(
      await names(
        await call('POST', `/api/v1/org/requests/${submitted.id}/messages`, contact, { body: '', x: 1 }),
      ),
    ).toEqual(['body', 'x']);
    expect(
      await names(
        await call('POST', `/api/v1/admin/requests/${submitted.id}/clarification`, reviewer, {
          message: '?',
        }),
      ),
    ).toEqual(['message']);
    expect(
      await names(await call('POST', `/api/v1/admin/requests/${submitted.id}/reject`, reviewer, {})),
    ).toEqual(['reason']);
    expect(
      await names(await call('GET', '/api/v1/admin/requests?status=draft&organisationId=nope', reviewer)),
    ).toEqual(['organisationId', 'status']);
  });
});

describe('access control', () => {
  it('answers another organisation’s request as not found, and changes nothing', async () => {
    const owner = await newContact();
    const submitted = await submittedOf(owner, '2026-06-10T10:00:00+03:00');
    const draft = await draftOf(owner);
    const stranger = await newContact();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/org/requests/${submitted.id}`],
      ['GET', `/api/v1/org/requests/${submitted.id}/messages`],
      ['PUT', `/api/v1/org/requests/${draft.id}`, requestInput({ title: 'Hijacked' })],
      ['POST', `/api/v1/org/requests/${draft.id}/submit`],
      ['POST', `/api/v1/org/requests/${submitted.id}/withdraw`, { reason: 'Not mine' }],
      ['POST', `/api/v1/org/requests/${submitted.id}/messages`, { body: 'Hello' }],
    ];
    for (const [method, path, body] of attempts) {
      const problem = await readProblem(await call(method, path, stranger, body));
      expect(problem.code).toBe('notFound');
      expect(JSON.stringify(problem)).not.toContain('Customer due diligence');
    }
    expect(await storedRequest(draft.id)).toMatchObject({ status: 'draft', title: 'Customer due diligence' });
    expect(await storedRequest(submitted.id)).toMatchObject({ status: 'submitted' });
    const messages = await testDb.db
      .selectFrom('requestMessage')
      .select('id')
      .where('requestId', '=', submitted.id)
      .execute();
    expect(messages).toEqual([]);
  });

  it('admits only contact persons to the organisation side and reviewers to the PMLP side', async () => {
    const contact = await newContact();
    const submitted = await submittedOf(contact, '2026-06-10T10:00:00+03:00');
    const pdpUser = await createUser(testDb.db, { role: 'pdpUser', organisationId: contact.organisationId });
    for (const user of [pdpUser, reviewer, await createUser(testDb.db, { role: 'administrator' })]) {
      expect((await readProblem(await call('GET', '/api/v1/org/requests', user))).code).toBe('forbidden');
      const create = await call('POST', '/api/v1/org/requests', user, requestInput());
      expect((await readProblem(create)).code).toBe('forbidden');
    }
    for (const role of ['accountant', 'registrar'] as const) {
      const staff = await createUser(testDb.db, { role });
      expect((await readProblem(await call('GET', '/api/v1/admin/requests', staff))).code).toBe('forbidden');
    }
    for (const user of [contact, pdpUser]) {
      const review = await call('POST', `/api/v1/admin/requests/${submitted.id}/review`, user);
      expect((await readProblem(review)).code).toBe('forbidden');
    }
    const administrator = await createUser(testDb.db, { role: 'administrator' });
    expect((await call('GET', `/api/v1/admin/requests/${submitted.id}`, administrator)).status).toBe(200);
    expect((await storedRequest(submitted.id)).status).toBe('submitted');
    const anonymous = await fetch(`${server.baseUrl}/api/v1/org/requests`);
    expect((await readProblem(anonymous)).code).toBe('authentication');
  });

  it('refuses state changes without the CSRF header', async () => {
    const contact = await newContact();
    const draft = await draftOf(contact);
    const { cookie } = await sessionFor(testDb.db, contact, clock);
    const headers = { cookie, 'content-type': 'application/json' };
    const submit = await fetch(`${server.baseUrl}/api/v1/org/requests/${draft.id}/submit`, {
      method: 'POST',
      headers,
    });
    expect((await readProblem(submit)).code).toBe('forbidden');
    const create = await fetch(`${server.baseUrl}/api/v1/org/requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestInput()),
    });
    expect(create.status).toBe(403);
    const staff = await sessionFor(testDb.db, reviewer, clock);
    const submitted = await submittedOf(contact, clock.toISOString());
    const review = await fetch(`${server.baseUrl}/api/v1/admin/requests/${submitted.id}/review`, {
      method: 'POST',
      headers: { cookie: staff.cookie },
    });
    expect(review.status).toBe(403);
    expect((await storedRequest(draft.id)).status).toBe('draft');
    expect((await storedRequest(submitted.id)).status).toBe('submitted');
    const list = await json<{ requests: unknown[] }>(await call('GET', '/api/v1/org/requests', contact));
    expect(list.requests).toHaveLength(2);
  });
});
