import { createHash } from 'node:crypto';
import type {
  ContractComment,
  ContractDetail,
  ContractDiff,
  ContractList,
  ContractVersion,
} from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createServiceRequest, organisationWithRequest, purposeInput } from '../../../test/contract-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { listPurposes } from './purposes.repository';

const now = new Date('2026-03-10T09:00:00.000Z');
let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => now });
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

async function json<T>(response: Response, status: number): Promise<T> {
  const body: unknown = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status });
  return body as T;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const reviewer = () => userWithSession(testDb.db, { role: 'reviewer', now });
const textV1 = '# Sadarbības līgums\n\n1. Puses\n2. Dati: identitāte\n';
const textV2 = '# Sadarbības līgums\n\n1. Puses\n2. Dati: identitāte un adrese\n3. Termiņš\n';

/** A contract in drafting with version 1, started by a reviewer through the API. */
async function draftedContract(options: { text?: string } = {}) {
  const setup = await organisationWithRequest(testDb.db, { now });
  const pmlp = await reviewer();
  const detail = await json<ContractDetail>(
    await call('POST', `/api/v1/admin/requests/${setup.request.id}/contract`, pmlp.session.headers(), {
      text: options.text ?? textV1,
    }),
    201,
  );
  return { ...setup, pmlp, contract: detail };
}

async function requestRow(requestId: string) {
  return testDb.db
    .selectFrom('serviceRequest')
    .select(['status'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
}

describe('the contract flow', () => {
  it('drafts, comments, publishes v2, agrees v2 on both sides and activates it into purposes', async () => {
    const { organisation, contact, request, pmlp, contract } = await draftedContract();
    expect(contract).toMatchObject({
      status: 'drafting',
      organisationId: organisation.id,
      requestId: request.id,
      latestVersion: 1,
      agreedVersion: null,
      versions: [{ number: 1, textHash: sha256(textV1), commentCount: 0 }],
    });
    const contractPath = `/api/v1/org/contracts/${contract.id}`;

    // The organisation reads version 1 and comments on it.
    const v1 = await json<ContractVersion>(
      await call('GET', `${contractPath}/versions/1`, contact.session.headers()),
      200,
    );
    expect(v1).toMatchObject({ number: 1, text: textV1, textHash: sha256(textV1), comments: [] });
    const comment = await json<ContractComment>(
      await call('POST', `${contractPath}/versions/1/comments`, contact.session.headers(), {
        body: 'Please add the address and a term.',
      }),
      201,
    );
    expect(comment).toMatchObject({ version: 1, side: 'organisation', at: now.toISOString() });

    // PMLP answers with version 2; the organisation compares and both approve it.
    const v2 = await json<ContractVersion>(
      await call('POST', `/api/v1/admin/contracts/${contract.id}/versions`, pmlp.session.headers(), {
        text: textV2,
      }),
      201,
    );
    expect(v2).toMatchObject({ number: 2, textHash: sha256(textV2) });
    const diff = await json<ContractDiff>(
      await call('GET', `${contractPath}/diff?from=1&to=2`, contact.session.headers()),
      200,
    );
    expect(
      diff.parts.filter((part) => part.kind !== 'unchanged').map((part) => [part.kind, part.text]),
    ).toEqual([
      ['removed', '2. Dati: identitāte\n'],
      ['added', '2. Dati: identitāte un adrese\n3. Termiņš\n'],
    ]);
    expect([diff.addedLines, diff.removedLines]).toEqual([2, 1]);

    const byOrganisation = await json<ContractDetail>(
      await call('POST', `${contractPath}/approve`, contact.session.headers(), {
        version: 2,
        textHash: sha256(textV2),
      }),
      200,
    );
    expect(byOrganisation.status).toBe('drafting');
    const agreed = await json<ContractDetail>(
      await call('POST', `/api/v1/admin/contracts/${contract.id}/approve`, pmlp.session.headers(), {
        version: 2,
        textHash: sha256(textV2),
      }),
      200,
    );
    expect(agreed).toMatchObject({ status: 'agreed', agreedVersion: 2 });
    expect((await requestRow(request.id)).status).toBe('contract_agreed');

    const active = await json<ContractDetail>(
      await call('POST', `/api/v1/admin/contracts/${contract.id}/activate`, pmlp.session.headers(), {
        purposes: [
          purposeInput({ requiresEndUser: true }),
          purposeInput({ scopes: ['identity'], fields: [], channels: ['pdp'], monitoring: false }),
        ],
      }),
      200,
    );
    expect(active.status).toBe('active');
    expect(active.purposes).toHaveLength(2);
    expect((await requestRow(request.id)).status).toBe('active');

    // The database holds the whole story: versions, comment, approvals, purposes and both histories.
    const versions = await testDb.db
      .selectFrom('contractVersion')
      .select(['number', 'textHash', 'authorUserId'])
      .where('contractId', '=', contract.id)
      .orderBy('number')
      .execute();
    expect(versions).toEqual([
      { number: 1, textHash: sha256(textV1), authorUserId: pmlp.id },
      { number: 2, textHash: sha256(textV2), authorUserId: pmlp.id },
    ]);
    const comments = await testDb.db
      .selectFrom('contractComment')
      .select(['versionNumber', 'authorUserId', 'body'])
      .where('contractId', '=', contract.id)
      .execute();
    expect(comments).toEqual([
      { versionNumber: 1, authorUserId: contact.id, body: 'Please add the address and a term.' },
    ]);
    const approvals = await testDb.db
      .selectFrom('contractApproval')
      .select(['versionNumber', 'side', 'textHash', 'approvedBy'])
      .where('contractId', '=', contract.id)
      .orderBy('side')
      .execute();
    expect(approvals).toEqual([
      { versionNumber: 2, side: 'organisation', textHash: sha256(textV2), approvedBy: contact.id },
      { versionNumber: 2, side: 'pmlp', textHash: sha256(textV2), approvedBy: pmlp.id },
    ]);
    const contractRow = await testDb.db
      .selectFrom('contract')
      .select(['status', 'agreedVersion'])
      .where('id', '=', contract.id)
      .executeTakeFirstOrThrow();
    expect(contractRow).toEqual({ status: 'active', agreedVersion: 2 });
    const purposes = await testDb.db
      .selectFrom('purpose')
      .select([
        'organisationId',
        'scopes',
        'fields',
        'channels',
        'environments',
        'isMonitoring',
        'requiresEndUser',
        'status',
      ])
      .where('contractId', '=', contract.id)
      .orderBy('channels')
      .execute();
    expect(purposes).toEqual([
      {
        organisationId: organisation.id,
        scopes: ['identity'],
        fields: ['residence.declaredAddress'],
        channels: ['api'],
        environments: ['test', 'production'],
        isMonitoring: true,
        requiresEndUser: true,
        status: 'active',
      },
      {
        organisationId: organisation.id,
        scopes: ['identity'],
        fields: [],
        channels: ['pdp'],
        environments: ['test', 'production'],
        isMonitoring: false,
        requiresEndUser: false,
        status: 'active',
      },
    ]);
    const events = await testDb.db
      .selectFrom('contractEvent')
      .select(['action', 'actorUserId', 'at'])
      .where('contractId', '=', contract.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual(
      [
        ['drafted', pmlp.id],
        ['versionPublished', pmlp.id],
        ['approved', contact.id],
        ['approved', pmlp.id],
        ['agreed', pmlp.id],
        ['activated', pmlp.id],
      ].map(([action, actorUserId]) => ({ action, actorUserId, at: now })),
    );
    const requestHistory = await testDb.db
      .selectFrom('requestEvent')
      .select(['fromStatus', 'toStatus', 'actorUserId'])
      .where('requestId', '=', request.id)
      .orderBy('id')
      .execute();
    expect(requestHistory).toEqual([
      { fromStatus: 'in_review', toStatus: 'contract_drafting', actorUserId: pmlp.id },
      { fromStatus: 'contract_drafting', toStatus: 'contract_agreed', actorUserId: pmlp.id },
      { fromStatus: 'contract_agreed', toStatus: 'active', actorUserId: pmlp.id },
    ]);

    // Other modules read the usable purposes without HTTP.
    const usable = await listPurposes(testDb.db, {
      organisationId: organisation.id,
      environment: 'production',
      channel: 'api',
      activeOn: '2026-03-10',
    });
    expect(usable).toEqual([
      {
        id: expect.any(String),
        legalBasis: 'Law on X, § 5',
        purpose: 'Identifying clients',
        scopes: ['identity'],
        fields: ['residence.declaredAddress'],
        channels: ['api'],
        monitoring: true,
        validFrom: '2026-01-01',
        validTo: null,
        requiresCaseReference: false,
        requiresEndUser: true,
      },
    ]);
    expect(
      await listPurposes(testDb.db, { organisationId: organisation.id, activeOn: '2025-12-31' }),
    ).toEqual([]);

    // The organisation sees its purposes and its contract with the history.
    const ownPurposes = await json<{ purposes: unknown[] }>(
      await call('GET', '/api/v1/org/purposes', contact.session.headers()),
      200,
    );
    expect(ownPurposes.purposes).toHaveLength(2);
    const seen = await json<ContractDetail>(await call('GET', contractPath, contact.session.headers()), 200);
    expect(seen.history.map((event) => event.action)).toEqual(events.map((event) => event.action));
    expect(seen.history[0]).toEqual({
      action: 'drafted',
      detail: { version: 1, textHash: sha256(textV1) },
      actorName: 'Test reviewer',
      reason: null,
      at: now.toISOString(),
    });
    expect(seen.versions.map((version) => [version.number, version.commentCount])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('lists contracts by status for PMLP and only its own for an organisation', async () => {
    const first = await draftedContract();
    const second = await draftedContract();
    const all = await json<ContractList>(
      await call('GET', '/api/v1/admin/contracts?status=drafting', first.pmlp.session.headers()),
      200,
    );
    expect(all.contracts.map((contract) => contract.id)).toEqual(
      expect.arrayContaining([first.contract.id, second.contract.id]),
    );
    const none = await json<ContractList>(
      await call('GET', '/api/v1/admin/contracts?status=terminated', first.pmlp.session.headers()),
      200,
    );
    expect(none.contracts.map((contract) => contract.id)).not.toContain(first.contract.id);
    const own = await json<ContractList>(
      await call('GET', '/api/v1/org/contracts', first.contact.session.headers()),
      200,
    );
    expect(own.contracts.map((contract) => contract.id)).toEqual([first.contract.id]);
    expect(own.contracts[0]?.organisationName).toBe(first.organisation.name);
  });
});

describe('approval of one exact version', () => {
  it('refuses a stale hash and a version that is not the latest, and keeps earlier approvals out of the count', async () => {
    const { contact, pmlp, contract } = await draftedContract();
    const orgApprove = (body: unknown) =>
      call('POST', `/api/v1/org/contracts/${contract.id}/approve`, contact.session.headers(), body);
    const pmlpApprove = (body: unknown) =>
      call('POST', `/api/v1/admin/contracts/${contract.id}/approve`, pmlp.session.headers(), body);

    // The organisation approves version 1; then PMLP publishes version 2.
    await json(await orgApprove({ version: 1, textHash: sha256(textV1) }), 200);
    await json(
      await call('POST', `/api/v1/admin/contracts/${contract.id}/versions`, pmlp.session.headers(), {
        text: textV2,
      }),
      201,
    );

    const notLatest = await readProblem(await pmlpApprove({ version: 1, textHash: sha256(textV1) }));
    expect([notLatest.status, notLatest.code]).toEqual([409, 'conflict']);
    const stale = await readProblem(await pmlpApprove({ version: 2, textHash: sha256(textV1) }));
    expect([stale.status, stale.code]).toEqual([409, 'conflict']);
    const unpublished = await readProblem(await pmlpApprove({ version: 3, textHash: sha256(textV2) }));
    expect(unpublished.status).toBe(409);

    // PMLP's approval of v2 does not agree the contract: the organisation approved only v1.
    const afterPmlp = await json<ContractDetail>(
      await pmlpApprove({ version: 2, textHash: sha256(textV2) }),
      200,
    );
    expect(afterPmlp.status).toBe('drafting');
    const twice = await readProblem(await pmlpApprove({ version: 2, textHash: sha256(textV2) }));
    expect(twice.status).toBe(409);

    const agreed = await json<ContractDetail>(
      await orgApprove({ version: 2, textHash: sha256(textV2) }),
      200,
    );
    expect(agreed).toMatchObject({ status: 'agreed', agreedVersion: 2 });
    expect(agreed.approvals.map((approval) => [approval.version, approval.side])).toEqual([
      [1, 'organisation'],
      [2, 'organisation'],
      [2, 'pmlp'],
    ]);

    // Once agreed the text is closed.
    expect((await readProblem(await orgApprove({ version: 2, textHash: sha256(textV2) }))).status).toBe(409);
    const newVersion = await call(
      'POST',
      `/api/v1/admin/contracts/${contract.id}/versions`,
      pmlp.session.headers(),
      {
        text: 'Another text',
      },
    );
    expect((await readProblem(newVersion)).status).toBe(409);
    const lateComment = await call(
      'POST',
      `/api/v1/org/contracts/${contract.id}/versions/2/comments`,
      contact.session.headers(),
      {
        body: 'Too late',
      },
    );
    expect((await readProblem(lateComment)).status).toBe(409);
    const approvalRows = await testDb.db
      .selectFrom('contractApproval')
      .select(['versionNumber', 'side'])
      .where('contractId', '=', contract.id)
      .execute();
    expect(approvalRows).toHaveLength(3);
  });
});

describe('state conflicts', () => {
  it('starts one contract per reviewed request only', async () => {
    const { request, pmlp } = await draftedContract();
    const again = await call(
      'POST',
      `/api/v1/admin/requests/${request.id}/contract`,
      pmlp.session.headers(),
      { text: 'x' },
    );
    expect((await readProblem(again)).status).toBe(409);

    const organisation = await createOrganisation(testDb.db);
    const submitted = await createServiceRequest(testDb.db, {
      organisationId: organisation.id,
      status: 'submitted',
    });
    const early = await call(
      'POST',
      `/api/v1/admin/requests/${submitted.id}/contract`,
      pmlp.session.headers(),
      { text: 'x' },
    );
    expect((await readProblem(early)).status).toBe(409);
    expect(
      await testDb.db.selectFrom('contract').select('id').where('requestId', '=', submitted.id).execute(),
    ).toEqual([]);

    const missing = await call(
      'POST',
      '/api/v1/admin/requests/00000000-0000-4000-8000-000000000000/contract',
      pmlp.session.headers(),
      {
        text: 'x',
      },
    );
    expect((await readProblem(missing)).status).toBe(404);
  });

  it('refuses to approve or activate once the request was withdrawn', async () => {
    const { request, contact, pmlp, contract } = await draftedContract();
    await testDb.db
      .updateTable('serviceRequest')
      .set({ status: 'withdrawn' })
      .where('id', '=', request.id)
      .execute();
    await json(
      await call('POST', `/api/v1/org/contracts/${contract.id}/approve`, contact.session.headers(), {
        version: 1,
        textHash: sha256(textV1),
      }),
      200,
    );
    const agreeing = await call(
      'POST',
      `/api/v1/admin/contracts/${contract.id}/approve`,
      pmlp.session.headers(),
      {
        version: 1,
        textHash: sha256(textV1),
      },
    );
    expect((await readProblem(agreeing)).status).toBe(409);
    const row = await testDb.db
      .selectFrom('contract')
      .select(['status'])
      .where('id', '=', contract.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('drafting');
  });
});

describe('bad input', () => {
  it('lists every invalid parameter', async () => {
    const { contact, pmlp, contract, request } = await draftedContract();
    const drafting = await readProblem(
      await call('POST', `/api/v1/admin/requests/${request.id}/contract`, pmlp.session.headers(), {
        text: '',
        extra: 1,
      }),
    );
    expect(drafting.invalidParams?.map((param) => param.name).sort()).toEqual(['extra', 'text']);
    const approval = await readProblem(
      await call('POST', `/api/v1/org/contracts/${contract.id}/approve`, contact.session.headers(), {
        version: 0,
        textHash: 'ABC',
      }),
    );
    expect(approval.invalidParams?.map((param) => param.name).sort()).toEqual(['textHash', 'version']);
    const diffQuery = await readProblem(
      await call('GET', `/api/v1/org/contracts/${contract.id}/diff?from=x`, contact.session.headers()),
    );
    expect(diffQuery.invalidParams?.map((param) => param.name).sort()).toEqual(['from', 'to']);
    const unknownVersions = await readProblem(
      await call('GET', `/api/v1/org/contracts/${contract.id}/diff?from=4&to=9`, contact.session.headers()),
    );
    expect(unknownVersions.invalidParams).toEqual([
      { name: 'from', code: 'unknownVersion', reason: expect.any(String) },
      { name: 'to', code: 'unknownVersion', reason: expect.any(String) },
    ]);
    const blankComment = await readProblem(
      await call(
        'POST',
        `/api/v1/org/contracts/${contract.id}/versions/1/comments`,
        contact.session.headers(),
        { body: '   ' },
      ),
    );
    expect(blankComment.invalidParams?.map((param) => [param.name, param.code])).toEqual([['body', 'blank']]);
    const unchanged = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contract.id}/versions`, pmlp.session.headers(), {
        text: textV1,
      }),
    );
    expect(unchanged.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['text', 'unchanged'],
    ]);
    const badIds = await readProblem(
      await call('GET', '/api/v1/admin/contracts/not-a-uuid/versions/0', pmlp.session.headers()),
    );
    expect(badIds.invalidParams?.map((param) => param.name).sort()).toEqual(['contractId', 'number']);
    const badStatus = await readProblem(
      await call('GET', '/api/v1/admin/contracts?status=signed', pmlp.session.headers()),
    );
    expect(badStatus.invalidParams?.map((param) => param.name)).toEqual(['status']);
    expect(
      await testDb.db
        .selectFrom('contractVersion')
        .select('number')
        .where('contractId', '=', contract.id)
        .execute(),
    ).toHaveLength(1);
  });
});

describe('access', () => {
  it('refuses the wrong roles', async () => {
    const { organisation, contract } = await draftedContract();
    const accountant = await userWithSession(testDb.db, { role: 'accountant', now });
    const pdpUser = await userWithSession(testDb.db, {
      role: 'pdpUser',
      organisationId: organisation.id,
      now,
    });
    const contact = await userWithSession(testDb.db, {
      role: 'contactPerson',
      organisationId: organisation.id,
      now,
    });
    const refusals = [
      await call('GET', `/api/v1/admin/contracts/${contract.id}`, accountant.session.headers()),
      await call('GET', `/api/v1/admin/contracts/${contract.id}`, contact.session.headers()),
      await call('POST', `/api/v1/admin/contracts/${contract.id}/versions`, contact.session.headers(), {
        text: 'mine',
      }),
      await call('POST', `/api/v1/admin/contracts/${contract.id}/approve`, contact.session.headers(), {
        version: 1,
        textHash: sha256(textV1),
      }),
      await call('GET', `/api/v1/org/contracts/${contract.id}`, pdpUser.session.headers()),
      await call('GET', '/api/v1/org/purposes', pdpUser.session.headers()),
      await call('GET', '/api/v1/org/contracts', accountant.session.headers()),
    ];
    for (const response of refusals) expect((await readProblem(response)).code).toBe('forbidden');
    expect(
      await testDb.db
        .selectFrom('contractApproval')
        .select('side')
        .where('contractId', '=', contract.id)
        .execute(),
    ).toEqual([]);
  });

  it('answers not found for another organisation’s contract and changes nothing', async () => {
    const theirs = await draftedContract();
    const ours = await organisationWithRequest(testDb.db, { now });
    const headers = ours.contact.session.headers();
    const path = `/api/v1/org/contracts/${theirs.contract.id}`;
    const attempts = [
      await call('GET', path, headers),
      await call('GET', `${path}/versions/1`, headers),
      await call('GET', `${path}/diff?from=1&to=1`, headers),
      await call('POST', `${path}/versions/1/comments`, headers, { body: 'Peeking' }),
      await call('POST', `${path}/approve`, headers, { version: 1, textHash: sha256(textV1) }),
    ];
    for (const response of attempts) {
      const body = await readProblem(response);
      expect(body.code).toBe('notFound');
      expect(JSON.stringify(body)).not.toContain(textV1.slice(2, 20));
    }
    const own = await json<ContractList>(await call('GET', '/api/v1/org/contracts', headers), 200);
    expect(own.contracts).toEqual([]);
    const comments = await testDb.db
      .selectFrom('contractComment')
      .select('id')
      .where('contractId', '=', theirs.contract.id)
      .execute();
    const approvals = await testDb.db
      .selectFrom('contractApproval')
      .select('side')
      .where('contractId', '=', theirs.contract.id)
      .execute();
    expect([comments, approvals]).toEqual([[], []]);
  });

  it('refuses a state change without the CSRF header', async () => {
    const { contact, pmlp, contract, request } = await draftedContract();
    const withoutCsrf = (headers: Record<string, string>) => {
      const { 'x-csrf-token': _csrf, ...rest } = headers;
      return rest;
    };
    const attempts = [
      await call(
        'POST',
        `/api/v1/org/contracts/${contract.id}/approve`,
        withoutCsrf(contact.session.headers()),
        {
          version: 1,
          textHash: sha256(textV1),
        },
      ),
      await call(
        'POST',
        `/api/v1/org/contracts/${contract.id}/versions/1/comments`,
        withoutCsrf(contact.session.headers()),
        {
          body: 'Hi',
        },
      ),
      await call(
        'POST',
        `/api/v1/admin/contracts/${contract.id}/versions`,
        withoutCsrf(pmlp.session.headers()),
        { text: textV2 },
      ),
      await call(
        'POST',
        `/api/v1/admin/requests/${request.id}/contract`,
        withoutCsrf(pmlp.session.headers()),
        { text: textV2 },
      ),
    ];
    for (const response of attempts) expect((await readProblem(response)).status).toBe(403);
    const versions = await testDb.db
      .selectFrom('contractVersion')
      .select('number')
      .where('contractId', '=', contract.id)
      .execute();
    const approvals = await testDb.db
      .selectFrom('contractApproval')
      .select('side')
      .where('contractId', '=', contract.id)
      .execute();
    const comments = await testDb.db
      .selectFrom('contractComment')
      .select('id')
      .where('contractId', '=', contract.id)
      .execute();
    expect([versions.length, approvals.length, comments.length]).toEqual([1, 0, 0]);
  });
});
