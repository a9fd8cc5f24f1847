import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { accessTokenFor, createConnection, createKeyClient } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createQueryPurpose, topUp } from '../../../test/persons-fixtures';
import { registerContext, registerPerson } from '../../../test/register-fixtures';

/**
 * THREATS "double charge or charge without data": a server killed with SIGKILL in the middle of paid
 * queries leaves no charge without its audit records and no audit record without its charge.
 */
let testDb: TestDatabase;
let server: ChildProcess | undefined;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  server?.kill('SIGKILL');
  await testDb.drop();
});

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const script = fileURLToPath(new URL('../../../test/server-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout ?? []) {
    output += String(chunk);
    const port = /listening (\d+)/.exec(output)?.[1];
    if (port) return { child, baseUrl: `http://127.0.0.1:${port}` };
  }
  throw new Error('the server process ended before listening');
}

describe('a server killed under paid load', () => {
  it('leaves the ledger equal to the audited charges, and the balance equal to the ledger', async () => {
    const ctx = registerContext(testDb.db);
    const codes: string[] = [];
    for (let index = 0; index < 5; index += 1)
      codes.push(await registerPerson(ctx, { environment: 'production' }));
    const organisation = await createOrganisation(testDb.db);
    await topUp(testDb.db, organisation.id, 1_000_000);
    const purposeId = await createQueryPurpose(testDb.db, organisation.id);
    const client = await createKeyClient(
      testDb.db,
      await createConnection(testDb.db, { organisationId: organisation.id, environment: 'production' }),
    );
    const started = await startServer(testDb.url);
    server = started.child;
    const token = await accessTokenFor(started.baseUrl, client);

    let answered = 0;
    const worker = async () => {
      for (;;) {
        const response = await fetch(`${started.baseUrl}/api/v1/persons/query`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'byPersonalCode',
            purposeId,
            fields: ['identity'],
            personalCodes: codes,
          }),
        }).catch(() => undefined);
        if (!response) return;
        await response.arrayBuffer();
        answered += 1;
        // Kill mid-flight once the load is well under way; the other workers have requests open.
        if (answered === 40) started.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // The exit may have happened already, and `once` would then wait for one that never comes.
    if (started.child.exitCode === null && started.child.signalCode === null)
      await once(started.child, 'exit');

    const charged = await sql<{ cents: string; requests: string }>`
      SELECT coalesce(-sum(amount_cents), 0) AS cents, count(*) AS requests
      FROM ledger_entry WHERE organisation_id = ${organisation.id} AND kind = 'charge'`.execute(testDb.db);
    const audited = await sql<{ cents: string; requests: string }>`
      SELECT coalesce(sum(fee_cents), 0) AS cents, count(DISTINCT request_id) AS requests
      FROM audit_event WHERE organisation_id = ${organisation.id}`.execute(testDb.db);
    const unmatched = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ledger_entry l WHERE l.organisation_id = ${organisation.id} AND l.kind = 'charge'
        AND (SELECT count(*) FROM audit_event a WHERE a.request_id = l.request_id) <> l.persons`.execute(
      testDb.db,
    );
    const balance = await sql<{ row: string; ledger: string }>`
      SELECT (SELECT sum(balance_cents) FROM account_balance WHERE organisation_id = ${organisation.id}) AS row,
             (SELECT sum(amount_cents) FROM ledger_entry WHERE organisation_id = ${organisation.id}) AS ledger`.execute(
      testDb.db,
    );
    expect(Number(charged.rows[0]?.requests)).toBeGreaterThanOrEqual(40);
    expect(charged.rows[0]?.cents).toBe(audited.rows[0]?.cents);
    expect(charged.rows[0]?.requests).toBe(audited.rows[0]?.requests);
    expect(unmatched.rows[0]?.n).toBe('0');
    expect(balance.rows[0]?.row).toBe(balance.rows[0]?.ledger);
  }, 60_000);
});
