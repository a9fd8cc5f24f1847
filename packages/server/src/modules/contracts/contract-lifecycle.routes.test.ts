import type { ContractDetail, PurposeList } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { organisationWithRequest, purposeInput } from '../../../test/contract-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { UserCaller } from '../identity/caller';
import { contractTextHash } from './approval';
import { approveContractVersion, startContractDrafting } from './contract-drafting.service';
import { activateContract } from './contract-lifecycle.service';
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

function callerOf(user: TestUser): UserCaller {
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    role: user.role,
    organisationId: user.organisationId,
    environment: null,
  };
}

const text = '# Līgums\n\nPuses vienojas.\n';

/**
 * A contract both sides agreed, reached through the service functions alone (as the demo seeding
 * does), so these tests start where the HTTP flow test ends.
 */
async function agreedContract(options: { wantsMonitoring?: boolean; channels?: string[] } = {}) {
  const setup = await organisationWithRequest(testDb.db, { now, ...options });
  const pmlp = await userWithSession(testDb.db, { role: 'reviewer', now });
  const ctx = { db: testDb.db, now: () => now };
  const drafted = await startContractDrafting(ctx, callerOf(pmlp), setup.request.id, { text });
  const approval = { version: 1, textHash: contractTextHash(text) };
  await approveContractVersion(ctx, callerOf(setup.contact), drafted.id, approval);
  const agreed = await approveContractVersion(ctx, callerOf(pmlp), drafted.id, approval);
  expect(agreed.status).toBe('agreed');
  return { ...setup, pmlp, ctx, contractId: drafted.id };
}

async function activeContract() {
  const setup = await agreedContract();
  const active = await activateContract(setup.ctx, callerOf(setup.pmlp), setup.contractId, {
    purposes: [purposeInput(), purposeInput({ scopes: [], fields: ['identity.surname'], channels: ['pdp'] })],
  });
  const [first, second] = active.purposes;
  if (!first || !second) throw new Error('expected two purposes');
  return { ...setup, purposeIds: [first.id, second.id] };
}

async function purposeRows(contractId: string) {
  return testDb.db
    .selectFrom('purpose')
    .select(['id', 'status', 'withdrawnAt'])
    .where('contractId', '=', contractId)
    .orderBy('createdAt')
    .orderBy('fields')
    .execute();
}

async function contractEvents(contractId: string) {
  return testDb.db
    .selectFrom('contractEvent')
    .select(['action', 'actorUserId', 'reason', 'detail'])
    .where('contractId', '=', contractId)
    .orderBy('id')
    .execute();
}

describe('activation', () => {
  it('refuses purposes outside the request, listing every problem, and creates nothing', async () => {
    const { pmlp, contractId, request } = await agreedContract({ wantsMonitoring: false, channels: ['api'] });
    const response = await call(
      'POST',
      `/api/v1/admin/contracts/${contractId}/activate`,
      pmlp.session.headers(),
      {
        purposes: [
          purposeInput({ monitoring: false }),
          purposeInput({
            scopes: ['documents', 'residence'],
            fields: ['residence.declaredAddress', 'birth.birthPlace'],
            channels: ['pdp'],
            monitoring: true,
            validFrom: '2026-05-01',
            validTo: '2026-04-30',
            covert: true,
          }),
        ],
      },
    );
    const problem = await readProblem(response);
    expect(problem.code).toBe('paramsValidation');
    expect(problem.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['purposes[1].scopes[0]', 'notRequested'],
      ['purposes[1].scopes[1]', 'notRequested'],
      ['purposes[1].fields[0]', 'redundant'],
      ['purposes[1].fields[1]', 'notRequested'],
      ['purposes[1].channels[0]', 'notRequested'],
      ['purposes[1].monitoring', 'notRequested'],
      ['purposes[1].validTo', 'dateOrder'],
      ['purposes[1].disclosureDate', 'required'],
    ]);
    expect(await purposeRows(contractId)).toEqual([]);
    const contract = await testDb.db
      .selectFrom('contract')
      .select('status')
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    const requestRow = await testDb.db
      .selectFrom('serviceRequest')
      .select('status')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect([contract.status, requestRow.status]).toEqual(['agreed', 'contract_agreed']);
  });

  it('refuses malformed purposes with every schema error at once', async () => {
    const { pmlp, contractId } = await agreedContract();
    const problem = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contractId}/activate`, pmlp.session.headers(), {
        purposes: [
          { legalBasis: '', scopes: ['secrets'], channels: ['fax'], environments: [], validFrom: '1 May' },
        ],
      }),
    );
    expect(problem.invalidParams?.map((param) => param.name).sort()).toEqual([
      'purposes[0].channels[0]',
      'purposes[0].environments',
      'purposes[0].legalBasis',
      'purposes[0].monitoring',
      'purposes[0].purpose',
      'purposes[0].scopes[0]',
      'purposes[0].validFrom',
    ]);
    const empty = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contractId}/activate`, pmlp.session.headers(), {
        purposes: [],
      }),
    );
    expect(empty.invalidParams?.map((param) => [param.name, param.code])).toEqual([['purposes', 'minItems']]);
  });

  it('keeps a covert purpose with its disclosure date, and activates only an agreed contract', async () => {
    const { pmlp, contractId } = await agreedContract();
    const active = await json<ContractDetail>(
      await call('POST', `/api/v1/admin/contracts/${contractId}/activate`, pmlp.session.headers(), {
        purposes: [purposeInput({ covert: true, disclosureDate: '2027-01-01', requiresCaseReference: true })],
      }),
      200,
    );
    expect(active.purposes).toEqual([
      expect.objectContaining({
        covert: true,
        disclosureDate: '2027-01-01',
        requiresCaseReference: true,
        populationTerritories: [],
      }),
    ]);
    const again = await call(
      'POST',
      `/api/v1/admin/contracts/${contractId}/activate`,
      pmlp.session.headers(),
      {
        purposes: [purposeInput()],
      },
    );
    expect((await readProblem(again)).status).toBe(409);
    expect(await purposeRows(contractId)).toHaveLength(1);
  });
});

describe('a declared population', () => {
  it('is kept with the purpose, and refused when a territory is no municipality of ATVK 2021', async () => {
    const { pmlp, contractId } = await agreedContract();
    const path = `/api/v1/admin/contracts/${contractId}/activate`;
    const refused = await readProblem(
      await call('POST', path, pmlp.session.headers(), {
        purposes: [purposeInput({ populationTerritories: ['0020000', '0020440', '0099000', 'Rīga'] })],
      }),
    );
    expect(refused.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['purposes[0].populationTerritories[3]', 'pattern'],
    ]);
    const unknown = await readProblem(
      await call('POST', path, pmlp.session.headers(), {
        purposes: [purposeInput({ populationTerritories: ['0020000', '0020440', '0099000'] })],
      }),
    );
    expect(unknown.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['purposes[0].populationTerritories[1]', 'covered'],
      ['purposes[0].populationTerritories[2]', 'unknownTerritory'],
    ]);
    expect(await purposeRows(contractId)).toEqual([]);
    const active = await json<ContractDetail>(
      await call('POST', path, pmlp.session.headers(), {
        purposes: [purposeInput({ populationTerritories: ['0020000', '0001000'] })],
      }),
      200,
    );
    expect(active.purposes[0]?.populationTerritories).toEqual(['0020000', '0001000']);
  });
});

describe('amendments', () => {
  it('adds and withdraws purposes with a reason, kept in the history', async () => {
    const { pmlp, contractId, purposeIds, organisation } = await activeContract();
    const [kept, withdrawn] = purposeIds;
    const amended = await json<ContractDetail>(
      await call('POST', `/api/v1/admin/contracts/${contractId}/amendments`, pmlp.session.headers(), {
        // Amendments may grant scopes the original request did not name (DOMAIN §3).
        addPurposes: [purposeInput({ scopes: ['documents'], fields: [], monitoring: false })],
        withdrawPurposeIds: [withdrawn],
        reason: 'Amendment No 1 of 2026-03-10',
      }),
      200,
    );
    expect(amended.purposes.map((purpose) => purpose.status).sort()).toEqual([
      'active',
      'active',
      'withdrawn',
    ]);
    const rows = await purposeRows(contractId);
    expect(rows.find((row) => row.id === withdrawn)).toEqual({
      id: withdrawn,
      status: 'withdrawn',
      withdrawnAt: now,
    });
    expect(rows.find((row) => row.id === kept)?.status).toBe('active');
    const added = rows.find((row) => !purposeIds.includes(row.id));
    const events = await contractEvents(contractId);
    expect(events.at(-1)).toEqual({
      action: 'amended',
      actorUserId: pmlp.id,
      reason: 'Amendment No 1 of 2026-03-10',
      detail: { addedPurposeIds: [added?.id], withdrawnPurposeIds: [withdrawn] },
    });
    const usable = await listPurposes(testDb.db, { organisationId: organisation.id, activeOn: '2026-03-10' });
    expect(usable.map((purpose) => purpose.id).sort()).toEqual([kept, added?.id].sort());
  });

  it('lists every invalid addition and withdrawal, and changes nothing', async () => {
    const { pmlp, contractId, purposeIds } = await activeContract();
    const other = await activeContract();
    const problem = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contractId}/amendments`, pmlp.session.headers(), {
        addPurposes: [purposeInput({ scopes: [], fields: [] })],
        withdrawPurposeIds: [other.purposeIds[0], purposeIds[0]],
        reason: 'Tidy up',
      }),
    );
    expect(problem.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['addPurposes[0].scopes', 'required'],
      ['withdrawPurposeIds[0]', 'unknownPurpose'],
    ]);
    const nothing = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contractId}/amendments`, pmlp.session.headers(), {
        reason: 'Nothing',
      }),
    );
    expect(nothing.invalidParams?.map((param) => [param.name, param.code])).toEqual([
      ['addPurposes', 'required'],
    ]);
    const noReason = await readProblem(
      await call('POST', `/api/v1/admin/contracts/${contractId}/amendments`, pmlp.session.headers(), {
        withdrawPurposeIds: ['nope'],
      }),
    );
    expect(noReason.invalidParams?.map((param) => param.name).sort()).toEqual([
      'reason',
      'withdrawPurposeIds[0]',
    ]);
    expect((await purposeRows(contractId)).map((row) => row.status)).toEqual(['active', 'active']);
    expect((await contractEvents(contractId)).map((event) => event.action)).not.toContain('amended');
  });
});

describe('suspension, resumption and termination', () => {
  it('moves the contract and its purposes together, each step with who, when and why', async () => {
    const { pmlp, contractId, organisation, purposeIds, ctx } = await activeContract();
    const path = `/api/v1/admin/contracts/${contractId}`;
    // One purpose withdrawn before the suspension must stay withdrawn through it all.
    await json(
      await call('POST', `${path}/amendments`, pmlp.session.headers(), {
        withdrawPurposeIds: [purposeIds[1]],
        reason: 'No longer needed',
      }),
      200,
    );

    const suspended = await json<ContractDetail>(
      await call('POST', `${path}/suspend`, pmlp.session.headers(), { reason: 'Audit found misuse' }),
      200,
    );
    expect(suspended.status).toBe('suspended');
    expect((await purposeRows(contractId)).map((row) => row.status).sort()).toEqual([
      'suspended',
      'withdrawn',
    ]);
    expect(await listPurposes(ctx.db, { organisationId: organisation.id })).toEqual([]);
    const amendSuspended = await call('POST', `${path}/amendments`, pmlp.session.headers(), {
      addPurposes: [purposeInput()],
      reason: 'Not now',
    });
    expect((await readProblem(amendSuspended)).status).toBe(409);
    expect(
      (await readProblem(await call('POST', `${path}/suspend`, pmlp.session.headers(), { reason: 'Again' })))
        .status,
    ).toBe(409);

    const resumed = await json<ContractDetail>(
      await call('POST', `${path}/resume`, pmlp.session.headers(), { reason: 'Misuse remedied' }),
      200,
    );
    expect(resumed.status).toBe('active');
    expect(
      (await listPurposes(ctx.db, { organisationId: organisation.id })).map((purpose) => purpose.id),
    ).toEqual([purposeIds[0]]);

    const terminated = await json<ContractDetail>(
      await call('POST', `${path}/terminate`, pmlp.session.headers(), {
        reason: 'The organisation was liquidated',
      }),
      200,
    );
    expect(terminated.status).toBe('terminated');
    const rows = await purposeRows(contractId);
    expect(rows.map((row) => [row.status, row.withdrawnAt])).toEqual([
      ['withdrawn', now],
      ['withdrawn', now],
    ]);
    for (const action of ['resume', 'suspend', 'terminate']) {
      const response = await call('POST', `${path}/${action}`, pmlp.session.headers(), {
        reason: 'Too late',
      });
      expect((await readProblem(response)).status).toBe(409);
    }

    const history = (await contractEvents(contractId)).slice(-3);
    expect(history).toEqual([
      {
        action: 'suspended',
        actorUserId: pmlp.id,
        reason: 'Audit found misuse',
        detail: { from: 'active', to: 'suspended', purposeIds: [purposeIds[0]] },
      },
      {
        action: 'resumed',
        actorUserId: pmlp.id,
        reason: 'Misuse remedied',
        detail: { from: 'suspended', to: 'active', purposeIds: [purposeIds[0]] },
      },
      {
        action: 'terminated',
        actorUserId: pmlp.id,
        reason: 'The organisation was liquidated',
        detail: { from: 'active', to: 'terminated', purposeIds: [purposeIds[0]] },
      },
    ]);
  });

  it('needs a reason, a PMLP role and the CSRF header', async () => {
    const { pmlp, contact, contractId } = await activeContract();
    const path = `/api/v1/admin/contracts/${contractId}`;
    const noReason = await readProblem(
      await call('POST', `${path}/suspend`, pmlp.session.headers(), { reason: '', why: 1 }),
    );
    expect(noReason.invalidParams?.map((param) => param.name).sort()).toEqual(['reason', 'why']);
    const byContact = await call('POST', `${path}/terminate`, contact.session.headers(), {
      reason: 'Our decision',
    });
    expect((await readProblem(byContact)).code).toBe('forbidden');
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = pmlp.session.headers();
    const forged = await call('POST', `${path}/terminate`, withoutCsrf, { reason: 'Forged' });
    expect((await readProblem(forged)).status).toBe(403);
    const contract = await testDb.db
      .selectFrom('contract')
      .select('status')
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
    expect(contract.status).toBe('active');
    expect((await purposeRows(contractId)).map((row) => row.status)).toEqual(['active', 'active']);
  });

  it('answers not found for an unknown contract', async () => {
    const { pmlp } = await activeContract();
    const response = await call(
      'POST',
      '/api/v1/admin/contracts/00000000-0000-4000-8000-000000000000/suspend',
      pmlp.session.headers(),
      {
        reason: 'Unknown',
      },
    );
    expect((await readProblem(response)).code).toBe('notFound');
  });
});

describe('the organisation’s purposes', () => {
  it('shows its own purposes with status and validity, never another organisation’s', async () => {
    const ours = await activeContract();
    const theirs = await activeContract();
    const list = await json<PurposeList>(
      await call('GET', '/api/v1/org/purposes', ours.contact.session.headers()),
      200,
    );
    expect(list.purposes.map((purpose) => purpose.id).sort()).toEqual([...ours.purposeIds].sort());
    expect(list.purposes.map((purpose) => purpose.id)).not.toContain(theirs.purposeIds[0]);
    expect(list.purposes[0]).toMatchObject({
      contractId: ours.contractId,
      status: 'active',
      validFrom: '2026-01-01',
      validTo: null,
      environments: ['test', 'production'],
      covert: false,
    });
    const theirContract = await call(
      'GET',
      `/api/v1/org/contracts/${theirs.contractId}`,
      ours.contact.session.headers(),
    );
    expect((await readProblem(theirContract)).code).toBe('notFound');
  });

  it('filters usable purposes by environment, channel and day of validity', async () => {
    const { pmlp, ctx, organisation } = await agreedContract();
    const contractId = (
      await testDb.db
        .selectFrom('contract')
        .select('id')
        .where('organisationId', '=', organisation.id)
        .executeTakeFirstOrThrow()
    ).id;
    await activateContract(ctx, callerOf(pmlp), contractId, {
      purposes: [
        purposeInput({
          environments: ['test'],
          channels: ['api'],
          validFrom: '2026-03-01',
          validTo: '2026-03-31',
        }),
        purposeInput({ environments: ['production'], channels: ['pdp'], validFrom: '2026-04-01' }),
      ],
    });
    const ids = async (filter: Omit<Parameters<typeof listPurposes>[1], 'organisationId'>) =>
      (await listPurposes(ctx.db, { organisationId: organisation.id, ...filter })).map(
        (purpose) => purpose.validFrom,
      );
    expect(await ids({})).toEqual(['2026-03-01', '2026-04-01']);
    expect(await ids({ environment: 'test' })).toEqual(['2026-03-01']);
    expect(await ids({ channel: 'pdp' })).toEqual(['2026-04-01']);
    expect(await ids({ activeOn: '2026-03-31' })).toEqual(['2026-03-01']);
    expect(await ids({ activeOn: '2026-04-01' })).toEqual(['2026-04-01']);
    expect(await ids({ activeOn: '2026-02-28' })).toEqual([]);
  });
});
