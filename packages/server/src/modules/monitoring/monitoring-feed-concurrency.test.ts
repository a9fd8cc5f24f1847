import { randomUUID } from 'node:crypto';
import type { ChangeFeedPage } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createMonitoringPurpose } from '../../../test/monitoring-fixtures';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import { startFeedSequencer } from '../register/feed-sequencer';
import { recordLifeEvent } from '../register/register.service';
import { type MonitoringOrigin, subscribe } from './monitoring.service';
import { readChanges } from './monitoring-feed.service';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ maxConnections: 20 });
});
afterAll(async () => testDb.drop());

const writesPerPerson = 5;

describe('a polling reader of the monitoring feed', () => {
  it('sees every committed change of its persons exactly once, in order, while writers commit concurrently (20 runs)', async () => {
    const { db } = testDb;
    const organisation = await createOrganisation(db);
    const purposeId = await createMonitoringPurpose(db, organisation.id, {
      scopes: ['identity', 'names'],
      fields: [],
    });
    const origin: MonitoringOrigin = {
      caller: {
        kind: 'client',
        clientId: 'feed-test',
        organisationId: organisation.id,
        environment: 'test',
        connectionId: randomUUID(),
      },
      organisationId: organisation.id,
      environment: 'test',
    };
    const ctx = registerContext(db);
    const monitored = await Promise.all(Array.from({ length: 8 }, () => registerPerson(ctx)));
    const others = await Promise.all(Array.from({ length: 4 }, () => registerPerson(ctx)));
    const service = { db, now: () => new Date() };
    await subscribe(service, origin, { purposeId, personalCodes: monitored });
    let after = '0';
    for (let run = 1; run <= 20; run++) {
      const outcome = await concurrentRun({ monitored, others, origin, service, after, run });
      expect(outcome.duplicates, `run ${run}`).toEqual([]);
      expect(outcome.missing, `run ${run}`).toEqual([]);
      expect(outcome.unexpected, `run ${run}`).toEqual([]);
      expect(outcome.isAscending, `run ${run}`).toBe(true);
      after = outcome.after;
    }
  });
});

interface Run {
  monitored: string[];
  others: string[];
  origin: MonitoringOrigin;
  service: { db: TestDatabase['db']; now: () => Date };
  after: string;
  run: number;
}

/** Writers record name changes on every person at once; one reader polls `after=lastSequence`. */
async function concurrentRun({ monitored, others, origin, service, after: start, run }: Run) {
  const { db } = service;
  const sequencer = startFeedSequencer(db, {
    idleMs: 2,
    onError: (error) => {
      throw error;
    },
  });
  const ctx = registerContext(db, { onCommitted: sequencer.nudge });
  const expected: string[] = [];
  const seen: Array<{ sequence: number; personalCode: string }> = [];
  let after = start;
  let isWriting = true;
  const reader = (async () => {
    for (;;) {
      const wasWriting = isWriting;
      if (!wasWriting) await sequencer.flush();
      const page = JSON.parse(
        (
          await readChanges(service, { ...origin, requestId: `run-${run}` }, { after, limit: 7 })
        ).json.toString(),
      ) as ChangeFeedPage;
      for (const change of page.changes)
        seen.push({ sequence: change.sequence, personalCode: change.personalCode });
      after = String(page.lastSequence);
      if (!wasWriting && page.changes.length === 0 && page.lastSequence === page.headSequence) return;
    }
  })();
  const writers = [...monitored, ...others].map(async (code, index) => {
    for (let i = 0; i < writesPerPerson; i++) {
      const [change] = await recordLifeEvent(ctx, {
        type: 'nameChanged',
        environment: 'test',
        personalCode: code,
        givenNames: `Run${run}Writer${index}Write${i}`.replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d))),
        reason: 'concurrency test',
      });
      if (monitored.includes(code) && change) expected.push(change.changeEventId);
    }
  });
  await Promise.all(writers);
  isWriting = false;
  await reader;
  await sequencer.stop();
  const seenIds = await eventIdsAt(
    db,
    seen.map((s) => s.sequence),
  );
  return {
    duplicates: seenIds.filter((id, i) => seenIds.indexOf(id) !== i),
    missing: expected.filter((id) => !seenIds.includes(id)),
    unexpected: seenIds.filter((id) => !expected.includes(id)),
    isAscending: seen.every((s, i) => i === 0 || s.sequence > (seen[i - 1]?.sequence ?? 0)),
    after,
  };
}

async function eventIdsAt(db: TestDatabase['db'], sequences: number[]): Promise<string[]> {
  if (sequences.length === 0) return [];
  const rows = await db
    .selectFrom('changeEvent')
    .select(['id', 'sequence'])
    .where('sequence', 'in', sequences.map(String))
    .execute();
  const bySequence = new Map(rows.map((row) => [row.sequence, row.id]));
  return sequences.map((sequence) => bySequence.get(String(sequence)) ?? `missing-${sequence}`);
}
