import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../server/test/access-fixtures';
import { systemClientAt } from '../../server/test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';

const fpr = fileURLToPath(new URL('../bin/fpr.js', import.meta.url));

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await createOrganisation(testDb.db);
  await systemClientAt(testDb.db, {
    organisationId: organisation.id,
    environment: 'production',
    createdAt: new Date('2026-01-10T10:00:00Z'),
  });
});
afterAll(async () => testDb.drop());

/** Runs `fpr invoice` against the test database, as an operator would. */
function invoice(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fpr, 'invoice', ...args],
      { env: { PATH: process.env.PATH, DATABASE_URL: testDb.url, LOG_LEVEL: 'error' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('fpr invoice', () => {
  it('invoices a past month once, and refuses a month that has not ended', async () => {
    const first = await invoice('--month', '2026-02');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^invoiced 2026-02: 1 issued, 0 already invoiced, 0 without charges\n {2}FPR-\d{4}-000001 {2}72\.60 EUR/,
    );
    const second = await invoice('--month', '2026-02');
    expect(second.stdout).toBe('invoiced 2026-02: 0 issued, 1 already invoiced, 0 without charges\n');
    const future = await invoice('--month', '2999-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('--month: only a month that has ended can be invoiced');
    const rows = await testDb.db.selectFrom('invoice').select('number').execute();
    expect(rows).toHaveLength(1);
  }, 120_000);
});
