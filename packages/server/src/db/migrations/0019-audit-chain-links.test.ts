import { randomBytes } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { linkAuditEvents } from '../../modules/audit/audit-chain';
import { sealAuditEvents } from '../../modules/audit/audit-sealer';
import { verifyAuditChain } from '../../modules/audit/audit-verifier';
import { createDatabase, type Db } from '../database';
import { migrations } from './index';

// An empty database brought to 0018, given records sealed the old way (chain columns set by an
// UPDATE), then migrated on: the links must move to their table and the chain stay intact.
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `fpr_test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase({ connectionString: adminUrl, maxConnections: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  db = createDatabase({ connectionString: url.toString(), maxConnections: 2 });
  drop = async () => {
    await db.destroy();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
    await admin.destroy();
  };
});
afterAll(async () => drop());

function migrator<T>(target: Kysely<T>): Migrator {
  return new Migrator({ db: target, provider: { getMigrations: async () => migrations } });
}

async function insertOldStyle(count: number): Promise<void> {
  await sql`
    INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id,
      purpose_id, query_type, search_parameters, person_id, personal_code, fields, fee_cents)
    SELECT 'old-' || n, now(), gen_random_uuid(), 'production', 'client', 'client-1', gen_random_uuid(),
      'byPersonalCode', '{personalCodes}', n, '010190-10008', '{identity.firstName}', 15
    FROM generate_series(1, ${count}::int) AS n`.execute(db);
}

/** What the sealer of 0007 did: set the chain columns and move the head. */
async function sealOldStyle(): Promise<void> {
  const { rows } = await sql<Parameters<typeof linkAuditEvents>[1][number]>`
    SELECT id::text AS id, request_id AS "requestId",
      to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
      organisation_id AS "organisationId", environment, actor_kind AS "actorKind", actor_id AS "actorId",
      end_user AS "endUser", purpose_id AS "purposeId", case_reference AS "caseReference",
      query_type AS "queryType", search_parameters AS "searchParameters", person_id::text AS "personId",
      personal_code AS "personalCode", fields, fee_cents AS "feeCents"
    FROM audit_event WHERE chain_position IS NULL ORDER BY id`.execute(db);
  const links = linkAuditEvents({ lastPosition: '0', lastHash: '0'.repeat(64) }, rows);
  for (const link of links)
    await sql`UPDATE audit_event SET chain_position = ${link.chainPosition}, previous_hash = ${link.previousHash},
      hash = ${link.hash} WHERE id = ${link.id}`.execute(db);
  const last = links.at(-1);
  await sql`UPDATE audit_chain_head SET last_position = ${last?.chainPosition}, last_hash = ${last?.hash}`.execute(
    db,
  );
}

describe('migration 0019', () => {
  it('moves the sealed links to their table, starts the mark at the first unlinked record and keeps the chain', async () => {
    const before = await migrator(db).migrateTo('0018-balance-slots');
    expect(before.error).toBeUndefined();
    await insertOldStyle(3);
    await sealOldStyle();
    await insertOldStyle(2);

    const after = await migrator(db).migrateToLatest();
    expect(after.error).toBeUndefined();
    expect(after.results?.map((result) => result.migrationName)).toContain('0019-audit-chain-links');

    const links = await db.selectFrom('auditChainLink').select(['auditEventId', 'chainPosition']).execute();
    expect(links.map((link) => link.chainPosition).sort()).toEqual(['1', '2', '3']);
    const ids = await db.selectFrom('auditEvent').select('id').orderBy('id').execute();
    const head = await db.selectFrom('auditChainHead').select(['sealedBelowId']).executeTakeFirstOrThrow();
    expect(head.sealedBelowId).toBe(ids[3]?.id);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checkedCount: 3, unsealedCount: 2 });

    await expect(sql`UPDATE audit_event SET fee_cents = 0`.execute(db)).rejects.toThrow(/append-only/);
    expect(await sealAuditEvents(db)).toBe(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checkedCount: 5, unsealedCount: 0 });
  });
});
