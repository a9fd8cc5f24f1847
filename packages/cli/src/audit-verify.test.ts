import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvents } from '../../server/src/modules/audit/audit.repository';
import { sealAuditEvents } from '../../server/src/modules/audit/audit-sealer';
import { createOrganisation } from '../../server/test/access-fixtures';
import { eventIdAt, tamper } from '../../server/test/audit-chain-fixtures';
import { auditRecord, createPerson, createPurpose } from '../../server/test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';

const fpr = fileURLToPath(new URL('../bin/fpr.js', import.meta.url));

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await createOrganisation(testDb.db);
  const purpose = await createPurpose(testDb.db, { organisationId: organisation.id });
  const person = await createPerson(testDb.db);
  await insertAuditEvents(
    testDb.db,
    Array.from({ length: 3 }, () => auditRecord(purpose, person)),
  );
  await sealAuditEvents(testDb.db);
});
afterAll(async () => testDb.drop());

/** Runs `fpr audit verify` against the test database, as an operator would. */
function verify(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fpr, 'audit', 'verify', ...args],
      { env: { PATH: process.env.PATH, DATABASE_URL: testDb.url, LOG_LEVEL: 'error' }, timeout: 60_000 },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

describe('fpr audit verify', () => {
  it('says the chain is intact and exits 0, then names a tampered record and exits 1', async () => {
    const intact = await verify();
    expect(intact).toEqual({
      code: 0,
      stdout: 'audit chain intact: 3 sealed records checked up to position 3; 0 not yet sealed\n',
    });

    const id = await eventIdAt(testDb.db, 2);
    await tamper(testDb.db, sql`UPDATE audit_event SET fee_cents = 0 WHERE id = ${id}`);
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`record ${id} at position 2 was changed after sealing`);

    const json = await verify('--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      issues: [{ kind: 'altered', id, position: '2' }],
    });
    // Three CLI starts, each loading the whole server: slow on a busy two-core machine.
  }, 120_000);
});
