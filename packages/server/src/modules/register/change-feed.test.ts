import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import type { Db } from '../../db/database';
import { headSequence, readChangesAfter, sealCommittedEvents } from './change-feed.repository';
import { startFeedSequencer } from './feed-sequencer';
import { createLifeEventQueue } from './life-event-queue';
import { recordLifeEvent } from './register.service';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 20 });
});
afterAll(async () => testDb.drop());

/** Inserts a bare change event for a person, so a test can hold its transaction open. */
async function insertEvent(db: Db, personId: string, marker: string): Promise<string> {
  const row = await sql<{ id: string }>`
    INSERT INTO change_event (environment, person_id, personal_code, version, type, changed_scopes, effective_date, details, recorded_by)
    SELECT 'test', id, personal_code, version, 'correction', '{names}', '2026-11-27', ${JSON.stringify({ marker })}::jsonb, 'feed-test'
    FROM person WHERE id = ${personId} RETURNING id`.execute(db);
  return row.rows[0]?.id ?? '';
}

async function personIds(db: Db, count: number): Promise<string[]> {
  const ctx = registerContext(db);
  for (let i = 0; i < count; i++) await registerPerson(ctx);
  const rows = await db.selectFrom('person').select('id').orderBy('id').limit(count).execute();
  return rows.map((r) => r.id);
}

describe('feed positions follow commit order', () => {
  it('gives a late commit of an earlier insert a later position, so a polling reader never skips it', async () => {
    const { db } = testDb;
    const [personId = ''] = await personIds(db, 1);
    await sealCommittedEvents(db, 1000);
    const start = await headSequence(db);
    let releaseEarly: () => void = () => {};
    const earlyMayCommit = new Promise<void>((resolve) => {
      releaseEarly = resolve;
    });
    let earlyInserted: () => void = () => {};
    const earlyHasInserted = new Promise<void>((resolve) => {
      earlyInserted = resolve;
    });
    // The early writer takes the lower id, then waits to commit until the late writer has been read.
    const early = db.transaction().execute(async (trx) => {
      const id = await insertEvent(trx, personId, 'early');
      earlyInserted();
      await earlyMayCommit;
      return id;
    });
    await earlyHasInserted;
    const lateId = await db.transaction().execute((trx) => insertEvent(trx, personId, 'late'));
    await sealCommittedEvents(db, 1000);
    const firstRead = await readChangesAfter(db, 'test', start, 100);
    expect(firstRead.map((e) => e.id)).toEqual([lateId]);
    releaseEarly();
    const earlyId = await early;
    expect(Number(earlyId)).toBeLessThan(Number(lateId));
    await sealCommittedEvents(db, 1000);
    const secondRead = await readChangesAfter(db, 'test', firstRead[0]?.sequence ?? '', 100);
    expect(secondRead.map((e) => e.id)).toEqual([earlyId]);
  });

  it('loses nothing with many concurrent writers and a polling reader, 20 runs in a row', async () => {
    const { db } = testDb;
    const people = await personIds(db, 16);
    for (let run = 1; run <= 20; run++) {
      const outcome = await concurrentRun(db, people, run);
      expect(outcome.duplicates, `run ${run}`).toEqual([]);
      expect(outcome.missing, `run ${run}`).toEqual([]);
      expect(outcome.isAscending, `run ${run}`).toBe(true);
    }
    // The registrars' events did go together, in some turns at least.
    expect(sharedTurns).toBeGreaterThan(0);
  });
});

/**
 * Writers insert events in transactions that stay open for a random number of extra round trips,
 * so commits land out of id order; registrars record life events alongside through the register's
 * turns (events committed together); one reader polls.
 */
let sharedTurns = 0;

async function concurrentRun(db: Db, people: string[], run: number) {
  const sequencer = startFeedSequencer(db, {
    idleMs: 2,
    onError: (error) => {
      throw error;
    },
  });
  let after = await headSequence(db);
  const written: string[] = [];
  const seen: Array<{ id: string; sequence: number }> = [];
  let isWriting = true;
  const reader = (async () => {
    for (;;) {
      const wasWriting = isWriting;
      if (!wasWriting) await sequencer.flush();
      const page = await readChangesAfter(db, 'test', after, 50);
      for (const event of page) seen.push({ id: event.id, sequence: Number(event.sequence) });
      after = page.at(-1)?.sequence ?? after;
      if (!wasWriting && page.length === 0) return;
    }
  })();
  const writers = people.map(async (personId, index) => {
    for (let i = 0; i < 8; i++) {
      const extraRoundTrips = (index * 7 + i * 3 + run) % 5;
      const id = await db.transaction().execute(async (trx) => {
        const inserted = await insertEvent(trx, personId, `${run}-${index}-${i}`);
        for (let k = 0; k < extraRoundTrips; k++) await sql`SELECT 1`.execute(trx);
        return inserted;
      });
      written.push(id);
      sequencer.nudge();
    }
  });
  // Three registrars at once, through the register's turns: their events share commits.
  const together = createLifeEventQueue(db, {
    onTurn: (events) => {
      if (events > 1) sharedTurns += 1;
    },
  });
  const ctx = registerContext(db, { onCommitted: sequencer.nudge, together });
  const registrars = [1, 2, 3].map(async (registrar) => {
    for (let i = 0; i < 4; i++) {
      const code = await registerPerson(ctx);
      await recordLifeEvent(ctx, {
        type: 'nameChanged',
        environment: 'test',
        personalCode: code,
        givenNames: `Roberts${registrar}${i}`,
        reason: 'feed test',
      });
      written.push(...(await eventIdsOf(db, code)));
    }
  });
  await Promise.all([...writers, ...registrars]);
  isWriting = false;
  await reader;
  await sequencer.stop();
  const seenIds = seen.map((s) => s.id);
  return {
    duplicates: seenIds.filter((id, i) => seenIds.indexOf(id) !== i),
    missing: written.filter((id) => !seenIds.includes(id)),
    isAscending: seen.every((s, i) => i === 0 || s.sequence > (seen[i - 1]?.sequence ?? 0)),
  };
}

async function eventIdsOf(db: Db, code: string): Promise<string[]> {
  const rows = await db.selectFrom('changeEvent').select('id').where('personalCode', '=', code).execute();
  return rows.map((r) => r.id);
}
