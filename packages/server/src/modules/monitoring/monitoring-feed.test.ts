import type { ChangeFeedPage, LifeEventInput } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { type MonitoringClient, monitoringClient, sealFeed } from '../../../test/monitoring-fixtures';
import { insertSeededPerson, registerContext, registerPerson } from '../../../test/register-fixtures';
import { recordLifeEvent } from '../register/register.service';

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

const address = (n: number) => ({
  addressCode: String(200_000_000 + n),
  text: `Brīvības iela ${n}, Rīga, LV-1010`,
  postcode: 'LV-1010',
  atvk: '0001000',
});

/** Records a life event in the test environment unless the input names another. */
async function record(input: Record<string, unknown>) {
  return recordLifeEvent(registerContext(testDb.db), { environment: 'test', ...input } as LifeEventInput);
}

function identityOf(person: object): unknown {
  return Reflect.get(person, 'identity');
}

async function subscribe(client: MonitoringClient, codes: string[]) {
  const response = await client.call('POST', '/subscriptions', {
    purposeId: client.purposeId,
    personalCodes: codes,
  });
  expect(response.status).toBe(200);
}

async function changes(client: MonitoringClient, after = '0', limit = 1000): Promise<ChangeFeedPage> {
  const response = await client.call('GET', `/changes?after=${after}&limit=${limit}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ChangeFeedPage;
}

async function feedAudit(organisationId: string) {
  return testDb.db
    .selectFrom('auditEvent')
    .select(['personalCode', 'queryType', 'fields', 'feeCents', 'purposeId', 'actorKind'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

describe('the change feed', () => {
  it('delivers only changes recorded while subscribed, in granted scopes, with the person as of each change', async () => {
    const narrow = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: ['residence.declaredAddress'],
    });
    const wide = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity', 'documents'],
      fields: [],
    });
    const bystander = await monitoringClient(testDb.db, server.baseUrl, 'test');
    const code = await registerPerson(registerContext(testDb.db), { surname: 'Kalniņa' });
    await record({ type: 'addressDeclared', personalCode: code, address: address(1) });
    await sealFeed(testDb.db);
    await subscribe(narrow, [code]);
    await subscribe(wide, [code]);
    await record({ type: 'addressDeclared', personalCode: code, address: address(2) });
    await record({ type: 'nameChanged', personalCode: code, surname: 'Liepiņa', reason: 'marriage' });
    await record({
      type: 'documentIssued',
      personalCode: code,
      document: { type: 'passport', number: 'LV1234567', validUntil: '2036-01-01', issuer: 'PMLP' },
    });
    await sealFeed(testDb.db);

    const page = await changes(narrow);
    expect(page.changes.map((c) => [c.type, c.changedScopes])).toEqual([
      ['addressDeclared', ['residence']],
      ['nameChanged', ['identity']],
    ]);
    const [moved, renamed] = page.changes;
    // As of the move: the new address, the old surname; only the purpose's fields.
    expect(moved?.person).toEqual({
      personalCode: code,
      status: 'active',
      version: moved?.person.version,
      identity: expect.objectContaining({ surname: 'Kalniņa' }),
      residence: { declaredAddress: expect.objectContaining({ addressCode: '200000002' }) },
    });
    expect(renamed && identityOf(renamed.person)).toEqual(expect.objectContaining({ surname: 'Liepiņa' }));
    expect(renamed?.person.version).toBe((moved?.person.version ?? 0) + 1);
    expect(page.lastSequence).toBe(page.headSequence);

    const widePage = await changes(wide);
    expect(widePage.changes.map((c) => c.type)).toEqual(['nameChanged', 'documentIssued']);
    expect(widePage.changes[1]?.person).not.toHaveProperty('residence');
    expect((await changes(bystander)).changes).toEqual([]);
  });

  it('audits the first delivery of each change once per person, never a re-read, and charges nothing', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'production', {
      scopes: ['identity'],
      fields: [],
    });
    const ctx = registerContext(testDb.db);
    const [a, b] = [
      await registerPerson(ctx, { environment: 'production' }),
      await registerPerson(ctx, { environment: 'production' }),
    ];
    await subscribe(client, [a, b]);
    for (const [i, code] of [a, a, b].entries()) {
      await record({
        environment: 'production',
        type: 'nameChanged',
        personalCode: code,
        givenNames: `Ilze${i}`,
        reason: 'x',
      });
    }
    await sealFeed(testDb.db);
    const first = await changes(client, '0', 2);
    expect(first.changes.map((c) => c.personalCode)).toEqual([a, a]);
    expect(await feedAudit(client.organisation.id)).toEqual([
      {
        personalCode: a,
        queryType: 'monitoringFeed',
        fields: expect.arrayContaining(['identity.surname']),
        feeCents: 0,
        purposeId: client.purposeId,
        actorKind: 'client',
      },
    ]);
    // Re-reading the same page, and a page overlapping it, audits only what is new.
    await changes(client, '0', 2);
    const rest = await changes(client, '0', 1000);
    expect(rest.changes.map((c) => c.personalCode)).toEqual([a, a, b]);
    expect((await feedAudit(client.organisation.id)).map((r) => r.personalCode)).toEqual([a, b]);
    await changes(client, String(rest.lastSequence));
    expect(await feedAudit(client.organisation.id)).toHaveLength(2);
    const ledger = await testDb.db
      .selectFrom('ledgerEntry')
      .select('id')
      .where('organisationId', '=', client.organisation.id)
      .execute();
    expect(ledger).toEqual([]);
  });

  it('names the next page in a Link header, so following it reads the same as after=lastSequence', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['residence'],
      fields: [],
    });
    const code = await registerPerson(registerContext(testDb.db));
    await subscribe(client, [code]);
    for (const i of [1, 2, 3])
      await record({ type: 'addressDeclared', personalCode: code, address: address(10 + i) });
    await sealFeed(testDb.db);
    const followed: ChangeFeedPage[] = [];
    let path = '/changes?limit=2&environment=test';
    for (let i = 0; i < 3; i++) {
      const response = await client.call('GET', path);
      expect(response.status).toBe(200);
      const page = (await response.json()) as ChangeFeedPage;
      followed.push(page);
      const link = response.headers.get('link');
      expect(link).toBe(
        `</api/v1/monitoring/changes?after=${page.lastSequence}&limit=2&environment=test>; rel="next"`,
      );
      path = (link ?? '').slice('</api/v1/monitoring'.length, link?.indexOf('>'));
    }
    expect(followed.map((page) => page.changes.length)).toEqual([2, 1, 0]);
    expect(followed[1]).toEqual(await changes(client, String(followed[0]?.lastSequence), 2));
    // Without a limit, the link names the default: the next page has the same size.
    const plain = await client.call('GET', '/changes');
    expect(plain.headers.get('link')).toMatch(
      /^<\/api\/v1\/monitoring\/changes\?after=\d+&limit=100>; rel="next"$/,
    );
  });

  it('audits a change skipped over by a jump ahead when it is read later', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: [],
    });
    const code = await registerPerson(registerContext(testDb.db));
    await subscribe(client, [code]);
    for (const i of [1, 2, 3])
      await record({ type: 'nameChanged', personalCode: code, givenNames: `Anna${i}`, reason: 'x' });
    await sealFeed(testDb.db);
    // The positions, read without the API so nothing is delivered yet.
    const positions = await testDb.db
      .selectFrom('monitoringChange')
      .select('sequence')
      .where('organisationId', '=', client.organisation.id)
      .orderBy('sequence')
      .execute();
    const [one, two] = positions.map((p) => p.sequence);
    await changes(client, String(two), 1000);
    expect(await feedAudit(client.organisation.id)).toHaveLength(1);
    await changes(client, String(one), 1);
    await changes(client, '0', 1000);
    expect(await feedAudit(client.organisation.id)).toHaveLength(3);
  });

  it('carries the previous code of a personal-code change and follows the person under the new code', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: [],
    });
    const old = await insertSeededPerson(testDb.db, {
      personalCode: '311299-13153',
      sex: 'M',
      birthDate: '1999-12-31',
    });
    await subscribe(client, [old]);
    const [changed] = await record({ type: 'personalCodeChanged', personalCode: old });
    await record({
      type: 'nameChanged',
      personalCode: changed?.personalCode ?? '',
      givenNames: 'Juris',
      reason: 'x',
    });
    await sealFeed(testDb.db);
    const page = await changes(client);
    expect(page.changes.map((c) => [c.type, c.personalCode, c.previousPersonalCode])).toEqual([
      ['personalCodeChanged', changed?.personalCode, old],
      ['nameChanged', changed?.personalCode, undefined],
    ]);
    expect(page.changes[0] && identityOf(page.changes[0].person)).toEqual(
      expect.objectContaining({ previousPersonalCodes: [old] }),
    );
  });

  it('keeps changes recorded before a removal, even when sealed after it, and nothing later', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: [],
    });
    const code = await registerPerson(registerContext(testDb.db));
    await subscribe(client, [code]);
    await record({ type: 'nameChanged', personalCode: code, givenNames: 'Before', reason: 'x' });
    await client.call('POST', '/subscriptions/remove', { personalCodes: [code] });
    await record({ type: 'nameChanged', personalCode: code, givenNames: 'After', reason: 'x' });
    await sealFeed(testDb.db);
    const page = await changes(client);
    expect(page.changes.map((c) => identityOf(c.person))).toEqual([
      expect.objectContaining({ givenNames: 'Before' }),
    ]);
  });

  it('delivers nothing under a purpose that no longer includes monitoring, and keeps environments apart', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: [],
    });
    const production = await monitoringClient(testDb.db, server.baseUrl, 'production', {
      scopes: ['identity'],
      fields: [],
    });
    const code = await registerPerson(registerContext(testDb.db));
    await subscribe(client, [code]);
    await subscribe(production, [code]);
    await record({ type: 'nameChanged', personalCode: code, givenNames: 'Inese', reason: 'x' });
    await sealFeed(testDb.db);
    expect((await changes(production)).changes).toEqual([]);
    await testDb.db
      .updateTable('purpose')
      .set({ isMonitoring: false })
      .where('id', '=', client.purposeId)
      .execute();
    const page = await changes(client);
    expect(page.changes).toEqual([]);
    expect(await feedAudit(client.organisation.id)).toEqual([]);
  });

  it('reconciles held versions: stale where the register moved on, unknown where not monitored', async () => {
    const client = await monitoringClient(testDb.db, server.baseUrl, 'test', {
      scopes: ['identity'],
      fields: [],
    });
    const ctx = registerContext(testDb.db);
    const [kept, moved, notMine] = [
      await registerPerson(ctx),
      await registerPerson(ctx),
      await registerPerson(ctx),
    ];
    await subscribe(client, [kept, moved]);
    await record({ type: 'nameChanged', personalCode: moved, givenNames: 'Laura', reason: 'x' });
    const response = await client.call('POST', '/reconcile', {
      persons: [
        { personalCode: kept, version: 1 },
        { personalCode: moved, version: 1 },
        { personalCode: notMine, version: 1 },
        { personalCode: '329083-01660', version: 1 },
      ],
    });
    expect(await response.json()).toEqual({ stale: [moved], unknown: [notMine, '329083-01660'] });
  });
});
