import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import { type FeedSequencer, startFeedSequencer } from './feed-sequencer';

let testDb: TestDatabase;
let sequencer: FeedSequencer;
let sealings: Array<() => void> = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  // No idle ticks within the test: only nudges and flushes seal.
  sequencer = startFeedSequencer(testDb.db, {
    idleMs: 600_000,
    onError: (error) => {
      throw error;
    },
    onSealed: () => {
      for (const resolve of sealings) resolve();
      sealings = [];
    },
  });
});

afterAll(async () => {
  await sequencer.stop();
  await testDb.drop();
});

function nextSealing(): Promise<void> {
  return new Promise((resolve) => sealings.push(resolve));
}

async function sequenceOf(personalCode: string): Promise<string | null> {
  const row = await testDb.db
    .selectFrom('changeEvent')
    .select('sequence')
    .where('personalCode', '=', personalCode)
    .executeTakeFirstOrThrow();
  return row.sequence;
}

describe('feed sequencer', () => {
  it('still answers nudges after a flush that overtook a waiting nudge', async () => {
    const ctx = registerContext(testDb.db, { onCommitted: () => sequencer.nudge() });
    const first = await registerPerson(ctx);
    await sequencer.flush();
    expect(await sequenceOf(first)).not.toBeNull();
    const sealed = nextSealing();
    const second = await registerPerson(ctx);
    await sealed;
    expect(await sequenceOf(second)).not.toBeNull();
  });
});
