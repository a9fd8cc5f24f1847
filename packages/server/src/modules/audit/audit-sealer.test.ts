import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { chainRowsOf } from '../../../test/audit-chain-fixtures';
import {
  auditRecord,
  createPerson,
  createPurpose,
  type TestPerson,
  type TestPurpose,
} from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import type { Db } from '../../db/database';
import { insertAuditEvents } from './audit.repository';
import { auditLinkHash } from './audit-chain';
import { sealAuditEvents, startAuditSealer } from './audit-sealer';
import { verifyAuditChain } from './audit-verifier';

let testDb: TestDatabase;
let purpose: TestPurpose;
let person: TestPerson;

beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 24 });
  const organisation = await createOrganisation(testDb.db);
  purpose = await createPurpose(testDb.db, { organisationId: organisation.id });
  person = await createPerson(testDb.db);
});
afterAll(async () => testDb.drop());

const chainRows = chainRowsOf;

async function sealedMark(db: Db) {
  return db
    .selectFrom('auditChainHead')
    .select(['sealedBelowId', 'pendingBelowId', 'pendingWriters'])
    .executeTakeFirstOrThrow();
}

/** A transaction that inserts and then waits, so another can commit first; it commits on release. */
function heldOpenInsert(db: Db, requestId: string, options: { isRolledBack?: boolean } = {}) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let inserted: (id: string) => void = () => {};
  const hasInserted = new Promise<string>((resolve) => {
    inserted = resolve;
  });
  const committed = db.transaction().execute(async (trx) => {
    await insertAuditEvents(trx, [auditRecord(purpose, person, { requestId })]);
    const row = await trx
      .selectFrom('auditEvent')
      .select('id')
      .where('requestId', '=', requestId)
      .executeTakeFirstOrThrow();
    inserted(row.id);
    await released;
    if (options.isRolledBack) throw new Error('rolled back on purpose');
  });
  return { hasInserted, release, committed };
}

describe('the database keeps the access log append-only', () => {
  it('refuses every update, delete and truncation of records and of their links', async () => {
    const { db } = testDb;
    await insertAuditEvents(db, [auditRecord(purpose, person, { requestId: 'append-only-1' })]);
    await expect(
      sql`UPDATE audit_event SET fee_cents = 0 WHERE request_id = 'append-only-1'`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event WHERE request_id = 'append-only-1'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/append-only/);

    expect(await sealAuditEvents(db)).toBeGreaterThanOrEqual(1);
    const [sealed] = await chainRows(db, ['append-only-1']);
    expect(sealed?.chainPosition).not.toBeNull();
    const id = sealed?.id ?? '';
    await expect(
      sql`UPDATE audit_chain_link SET hash = repeat('a', 64) WHERE audit_event_id = ${id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_chain_link WHERE audit_event_id = ${id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_chain_link`.execute(db)).rejects.toThrow(/append-only/);
    // A record is linked once: a second link for it, or a second record at a position, is refused.
    await expect(
      sql`INSERT INTO audit_chain_link (audit_event_id, chain_position, previous_hash, hash)
          VALUES (${id}, 999999, repeat('0', 64), repeat('0', 64))`.execute(db),
    ).rejects.toThrow(/duplicate key/);
    expect(await chainRows(db, ['append-only-1'])).toEqual([sealed]);
  });

  it('refuses a link whose hashes are not 64 lowercase hex digits', async () => {
    const { db } = testDb;
    const good = 'a'.repeat(64);
    const insertLink = (id: number, previousHash: string, hash: string) =>
      sql`INSERT INTO audit_chain_link (audit_event_id, chain_position, previous_hash, hash)
          VALUES (${id}, ${id}, ${previousHash}, ${hash})`.execute(db);
    for (const bad of [
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      `${'a'.repeat(63)}g`,
      '',
      `${'a'.repeat(63)}\n`,
    ]) {
      await expect(insertLink(900_001, bad, good), JSON.stringify(bad)).rejects.toThrow(
        /previous_hash_check/,
      );
      await expect(insertLink(900_001, good, bad), JSON.stringify(bad)).rejects.toThrow(/_hash_check/);
    }
    const { rows } = await sql`SELECT 1 FROM audit_chain_link WHERE audit_event_id = 900001`.execute(db);
    expect(rows).toEqual([]);
  });

  it('refuses to move the chain head or its mark back, or remove it', async () => {
    const { db } = testDb;
    await expect(sql`UPDATE audit_chain_head SET last_position = 0`.execute(db)).rejects.toThrow(/forward/);
    await expect(sql`UPDATE audit_chain_head SET last_hash = repeat('b', 64)`.execute(db)).rejects.toThrow(
      /forward/,
    );
    await expect(sql`UPDATE audit_chain_head SET sealed_below_id = 1`.execute(db)).rejects.toThrow(/forward/);
    await expect(sql`DELETE FROM audit_chain_head`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_chain_head`.execute(db)).rejects.toThrow(/append-only/);
  });
});

describe('PostgreSQL hashes as the verifier does', () => {
  it('links records whose text needs escaping with the hash `auditLinkHash` computes in Node', async () => {
    const { db } = testDb;
    await sealAuditEvents(db);
    const awkward = [
      { endUser: 'O\'Brien "the \\ user"', caseReference: 'Lieta Nr. 12/3-ā </script>' },
      { endUser: 'Bērziņš 𝄞 \u2028\u00a0', caseReference: 'tab\there\nline\u0001\u001f\u007f' },
      { endUser: null, caseReference: null },
    ];
    const records = awkward.map((texts, index) =>
      auditRecord(purpose, person, {
        ...texts,
        requestId: `escaping-${index}`,
        occurredAt: new Date(`2026-11-27T10:00:0${index}.${index}25Z`),
        fields: ['identity.surname', 'a,b', 'x"y'],
        searchParameters: index === 2 ? [] : ['personalCodes'],
        feeCents: 200 + index,
      }),
    );
    await insertAuditEvents(db, records);
    expect(await sealAuditEvents(db)).toBe(3);

    const rows = await chainRows(
      db,
      records.map((record) => record.requestId),
    );
    rows.forEach((row, index) => {
      const record = records[index];
      if (!record || row.previousHash === null || row.chainPosition === null) throw new Error('not linked');
      const content = {
        ...record,
        id: row.id,
        occurredAt: `2026-11-27T10:00:0${index}.${index}25000Z`,
        personId: String(record.personId),
        searchParameters: [...record.searchParameters],
        fields: [...record.fields],
      };
      expect(row.hash).toBe(auditLinkHash(row.previousHash, row.chainPosition, content));
    });
    expect(rows[1]?.previousHash).toBe(rows[0]?.hash);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, unsealedCount: 0 });
  });
});

describe('sealing follows commit order', () => {
  it('links a record inserted earlier but committed later after the one that committed first', async () => {
    const { db } = testDb;
    await sealAuditEvents(db);
    const early = heldOpenInsert(db, 'order-early');
    await early.hasInserted;
    await insertAuditEvents(db, [auditRecord(purpose, person, { requestId: 'order-late' })]);

    // The early insert is not committed: a sealing must not wait for it, nor skip past it for ever.
    expect(await sealAuditEvents(db)).toBe(1);
    early.release();
    await early.committed;
    expect(await sealAuditEvents(db)).toBe(1);

    const [earlyRow, lateRow] = await chainRows(db, ['order-early', 'order-late']);
    expect(Number(earlyRow?.id)).toBeLessThan(Number(lateRow?.id));
    expect(Number(earlyRow?.chainPosition)).toBe(Number(lateRow?.chainPosition) + 1);
    expect(earlyRow?.previousHash).toBe(lateRow?.hash);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, unsealedCount: 0 });
  });

  it('keeps its mark below a record still being written, however many later ones it links', async () => {
    const { db } = testDb;
    await sealAuditEvents(db);
    const early = heldOpenInsert(db, 'mark-early');
    const earlyId = BigInt(await early.hasInserted);
    await insertAuditEvents(db, [auditRecord(purpose, person, { requestId: 'mark-late-1' })]);

    // Sealings while the early writer is open: the later records are linked, the mark waits.
    expect(await sealAuditEvents(db)).toBe(1);
    await insertAuditEvents(db, [auditRecord(purpose, person, { requestId: 'mark-late-2' })]);
    expect(await sealAuditEvents(db)).toBe(1);
    expect(await sealAuditEvents(db)).toBe(0);
    const waiting = await sealedMark(db);
    expect(BigInt(waiting.sealedBelowId)).toBeLessThanOrEqual(earlyId);
    expect(waiting.pendingWriters?.length).toBe(1);

    early.release();
    await early.committed;
    expect(await sealAuditEvents(db)).toBe(1);
    const rows = await chainRows(db, ['mark-early', 'mark-late-1', 'mark-late-2']);
    expect(rows.map((row) => row.requestId)).toEqual(['mark-early', 'mark-late-1', 'mark-late-2']);
    // Linked last, as it committed last; and with nothing in flight the mark passes every id.
    expect(Number(rows[0]?.chainPosition)).toBe(Number(rows[2]?.chainPosition) + 1);
    const maxId = BigInt(rows[2]?.id ?? '0');
    expect(await sealedMark(db)).toEqual({
      sealedBelowId: String(maxId + 1n),
      pendingBelowId: null,
      pendingWriters: null,
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, unsealedCount: 0 });
  });

  it('passes the id of a rolled-back insert only once its writer has ended', async () => {
    const { db } = testDb;
    await sealAuditEvents(db);
    const before = (await sealedMark(db)).sealedBelowId;
    const writer = heldOpenInsert(db, 'mark-rolled-back', { isRolledBack: true });
    await writer.hasInserted;
    expect(await sealAuditEvents(db)).toBe(0);
    expect((await sealedMark(db)).sealedBelowId).toBe(before);

    writer.release();
    await expect(writer.committed).rejects.toThrow(/on purpose/);
    expect(await sealAuditEvents(db)).toBe(0);
    expect(BigInt((await sealedMark(db)).sealedBelowId)).toBe(BigInt(before) + 1n);
    expect(await chainRows(db, ['mark-rolled-back'])).toEqual([]);
  });

  it('covers every committed record of concurrent writers exactly once, never filling in behind a reader', async () => {
    const { db } = testDb;
    await sealAuditEvents(db);
    const before = await db.selectFrom('auditChainHead').select('lastPosition').executeTakeFirstOrThrow();
    // Three sealers, as three server processes would run them: the head lock keeps them serial.
    const sealerErrors: unknown[] = [];
    const sealers = [3, 4, 5].map((batchSize) =>
      startAuditSealer(db, {
        idleMs: 2,
        nudgeDelayMs: 1,
        batchSize,
        onError: (error) => sealerErrors.push(error),
      }),
    );
    const committed: string[] = [];
    const rolledBack: string[] = [];
    const writer = async (writerIndex: number) => {
      for (let round = 0; round < 8; round += 1) {
        const requestId = `concurrent-${writerIndex}-${round}`;
        const isRolledBack = (writerIndex + round) % 5 === 0;
        const rows = 1 + ((writerIndex * 7 + round) % 4);
        await db
          .transaction()
          .execute(async (trx) => {
            await insertAuditEvents(
              trx,
              Array.from({ length: rows }, () => auditRecord(purpose, person, { requestId })),
            );
            await sleep((writerIndex * 3 + round * 5) % 13);
            if (isRolledBack) throw new Error('rolled back on purpose');
          })
          .then(
            () => committed.push(...Array.from({ length: rows }, () => requestId)),
            () => rolledBack.push(requestId),
          );
        for (const sealer of sealers) sealer.nudge();
      }
    };
    // A reader that polls the sealed tail: a record must never appear below a position already seen.
    let isWriting = true;
    const late: number[] = [];
    const reader = async () => {
      const seen = new Set<number>();
      let seenUpTo = Number(before.lastPosition);
      while (isWriting) {
        const sealed = await db
          .selectFrom('auditEvent')
          .innerJoin('auditChainLink', 'auditChainLink.auditEventId', 'auditEvent.id')
          .select(['auditChainLink.chainPosition'])
          .where('requestId', 'like', 'concurrent-%')
          .execute();
        const positions = sealed.map((row) => Number(row.chainPosition));
        late.push(...positions.filter((position) => position <= seenUpTo && !seen.has(position)));
        for (const position of positions) seen.add(position);
        seenUpTo = Math.max(seenUpTo, ...positions);
        await sleep(2);
      }
    };
    const polling = reader();
    await Promise.all(Array.from({ length: 12 }, (_, index) => writer(index)));
    isWriting = false;
    await polling;
    await Promise.all(sealers.map((sealer) => sealer.stop()));
    expect(sealerErrors).toEqual([]);
    await sealAuditEvents(db);

    const rows = await chainRows(db, [...new Set([...committed, ...rolledBack])]);
    expect(rows.map((row) => row.requestId).sort()).toEqual([...committed].sort());
    expect(rolledBack.length).toBeGreaterThan(0);
    const positions = rows.map((row) => Number(row.chainPosition)).sort((a, b) => a - b);
    const first = Number(before.lastPosition) + 1;
    expect(positions).toEqual(Array.from({ length: committed.length }, (_, index) => first + index));
    expect(late).toEqual([]);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, unsealedCount: 0, issues: [] });
    expect(Number(report.headPosition)).toBe(first + committed.length - 1);
  });
});
