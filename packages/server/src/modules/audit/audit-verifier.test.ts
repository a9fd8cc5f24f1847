import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { Db } from '../../db/database';
import { insertAuditEvents } from './audit.repository';
import { sealAuditEvents } from './audit-sealer';
import { describeAuditChainReport, verifyAuditChain } from './audit-verifier';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await createOrganisation(testDb.db);
  const purpose = await createPurpose(testDb.db, { organisationId: organisation.id });
  const person = await createPerson(testDb.db);
  const records = Array.from({ length: 10 }, (_, index) =>
    auditRecord(purpose, person, { occurredAt: new Date(Date.UTC(2026, 10, 27, 8, index)) }),
  );
  // Several writers' transactions, sealed in two sealings.
  await insertAuditEvents(testDb.db, records.slice(0, 4));
  await sealAuditEvents(testDb.db);
  await insertAuditEvents(testDb.db, records.slice(4, 7));
  await insertAuditEvents(testDb.db, records.slice(7));
  await sealAuditEvents(testDb.db, { batchSize: 2 });
});
afterAll(async () => testDb.drop());

/** What an insider with superuser rights could do: switch the triggers off for one transaction. */
async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

async function idAt(position: number): Promise<string> {
  const row = await testDb.db
    .selectFrom('auditEvent')
    .select('id')
    .where('chainPosition', '=', String(position))
    .executeTakeFirstOrThrow();
  return row.id;
}

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
      sql`UPDATE audit_event SET fields = '{identity,residence}' WHERE chain_position = 3`,
    );
    await tamper(testDb.db, sql`DELETE FROM audit_event WHERE chain_position = 7`);

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
    await tamper(testDb.db, sql`DELETE FROM audit_event WHERE chain_position >= 9`);
    const report = await verifyAuditChain(testDb.db);
    expect(report.issues.at(-1)).toEqual({ kind: 'missing', fromPosition: '9', toPosition: '10' });
  });
});
