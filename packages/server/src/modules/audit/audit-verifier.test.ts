import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { eventIdAt, tamper } from '../../../test/audit-chain-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents } from './audit.repository';
import { sealAuditEvents } from './audit-sealer';
import { describeAuditChainReport, verifyAuditChain } from './audit-verifier';

let testDb: TestDatabase;

/** Ten records from several writers' transactions, sealed in two sealings, on a database of its own. */
async function sealedLog(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const organisation = await createOrganisation(database.db);
  const purpose = await createPurpose(database.db, { organisationId: organisation.id });
  const person = await createPerson(database.db);
  const records = Array.from({ length: 10 }, (_, index) =>
    auditRecord(purpose, person, { occurredAt: new Date(Date.UTC(2026, 10, 27, 8, index)) }),
  );
  await insertAuditEvents(database.db, records.slice(0, 4));
  await sealAuditEvents(database.db);
  await insertAuditEvents(database.db, records.slice(4, 7));
  await insertAuditEvents(database.db, records.slice(7));
  await sealAuditEvents(database.db, { batchSize: 2 });
  return database;
}

beforeAll(async () => {
  testDb = await sealedLog();
});
afterAll(async () => testDb.drop());

const idAt = (position: number) => eventIdAt(testDb.db, position);

describe('verifyAuditChain', () => {
  it('passes the intact chain and counts what waits for the sealer', async () => {
    expect(await verifyAuditChain(testDb.db)).toEqual({
      ok: true,
      checkedCount: 10,
      headPosition: '10',
      unsealedCount: 0,
      issues: [],
      hasMoreIssues: false,
    });
  });

  it('names a changed record and a removed one, in chain order', async () => {
    const changed = await idAt(3);
    await tamper(
      testDb.db,
      sql`UPDATE audit_event SET fields = '{identity,residence}' WHERE id = ${changed}`,
    );
    await tamper(testDb.db, sql`DELETE FROM audit_event WHERE id = ${await idAt(7)}`);

    const report = await verifyAuditChain(testDb.db);
    expect(report).toMatchObject({
      ok: false,
      checkedCount: 9,
      issues: [
        { kind: 'altered', id: changed, position: '3' },
        { kind: 'missing', fromPosition: '7', toPosition: '7' },
      ],
    });
    expect(describeAuditChainReport(report)).toEqual([
      'audit chain BROKEN: 9 sealed records checked up to position 10; 0 not yet sealed',
      `  record ${changed} at position 3 was changed after sealing (its hash does not match)`,
      '  position 7 is missing (a record was removed)',
    ]);
  });

  it('notices a removed tail through the chain head', async () => {
    await tamper(
      testDb.db,
      sql`DELETE FROM audit_event WHERE id IN (SELECT audit_event_id FROM audit_chain_link WHERE chain_position >= 9)`,
    );
    const report = await verifyAuditChain(testDb.db);
    expect(report.issues.at(-1)).toEqual({ kind: 'missing', fromPosition: '9', toPosition: '10' });
  });
});

describe('verifyAuditChain on the link table', () => {
  let linkDb: TestDatabase;
  beforeEach(async () => {
    linkDb = await sealedLog();
  });
  afterEach(async () => linkDb.drop());

  it('names a link whose hash was rewritten, and the next link that no longer follows it', async () => {
    const [fourth, fifth] = [await eventIdAt(linkDb.db, 4), await eventIdAt(linkDb.db, 5)];
    await tamper(linkDb.db, sql`UPDATE audit_chain_link SET hash = repeat('a', 64) WHERE chain_position = 4`);
    expect(await verifyAuditChain(linkDb.db)).toMatchObject({
      ok: false,
      checkedCount: 10,
      issues: [
        { kind: 'altered', id: fourth, position: '4' },
        { kind: 'brokenLink', id: fifth, position: '5' },
      ],
    });
  });

  it('names a removed link: its position is missing and its record has lost its link', async () => {
    const sixth = await eventIdAt(linkDb.db, 6);
    await tamper(linkDb.db, sql`DELETE FROM audit_chain_link WHERE chain_position = 6`);
    const report = await verifyAuditChain(linkDb.db);
    expect(report).toMatchObject({
      ok: false,
      checkedCount: 9,
      unsealedCount: 0,
      issues: [
        { kind: 'missing', fromPosition: '6', toPosition: '6' },
        { kind: 'unlinked', count: 1, ids: [sixth] },
      ],
    });
    expect(describeAuditChainReport(report).at(-1)).toBe(
      `  1 sealed record(s) lost their link (ids ${sixth})`,
    );
  });

  it('names the position of a removed record whose link is left', async () => {
    await tamper(linkDb.db, sql`DELETE FROM audit_event WHERE id = ${await eventIdAt(linkDb.db, 6)}`);
    expect(await verifyAuditChain(linkDb.db)).toMatchObject({
      ok: false,
      checkedCount: 9,
      issues: [{ kind: 'missing', fromPosition: '6', toPosition: '6' }],
    });
  });

  it('names a link pointed at another record, and the record it left', async () => {
    const fifth = await eventIdAt(linkDb.db, 5);
    const organisation = await createOrganisation(linkDb.db);
    const purpose = await createPurpose(linkDb.db, { organisationId: organisation.id });
    const person = await createPerson(linkDb.db);
    await insertAuditEvents(linkDb.db, [auditRecord(purpose, person, { requestId: 'not-yet-sealed' })]);
    const [unsealed] = await linkDb.db
      .selectFrom('auditEvent')
      .select('id')
      .where('requestId', '=', 'not-yet-sealed')
      .execute();
    await tamper(
      linkDb.db,
      sql`UPDATE audit_chain_link SET audit_event_id = ${unsealed?.id} WHERE chain_position = 5`,
    );
    expect(await verifyAuditChain(linkDb.db)).toMatchObject({
      ok: false,
      checkedCount: 10,
      unsealedCount: 0,
      issues: [
        { kind: 'altered', id: unsealed?.id, position: '5' },
        { kind: 'unlinked', count: 1, ids: [fifth] },
      ],
    });
  });
});
