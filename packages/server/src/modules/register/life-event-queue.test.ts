import type { LifeEventInput } from '@fpr/contract';
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import type { ProblemError } from '../../http/problem';
import { createLifeEventQueue } from './life-event-queue';
import { type RegisterContext, recordLifeEvent } from './register.service';
import { findPerson } from './register-read.repository';

let testDb: TestDatabase;
let alone: RegisterContext;
beforeAll(async () => {
  testDb = await createTestDatabase();
  alone = registerContext(testDb.db);
});
afterAll(async () => testDb.drop());

/** A context whose events go through a fresh queue that runs one turn at a time; it reports each turn's size. */
function queued(): { ctx: RegisterContext; turns: number[]; commits: () => number } {
  const turns: number[] = [];
  let commits = 0;
  const together = createLifeEventQueue(testDb.db, {
    limits: { inFlight: 1, events: 32 },
    onTurn: (events) => turns.push(events),
  });
  const ctx = registerContext(testDb.db, {
    together,
    onCommitted: () => {
      commits += 1;
    },
  });
  return { ctx, turns, commits: () => commits };
}

function move(personalCode: string, house: number): LifeEventInput {
  return {
    type: 'addressDeclared',
    environment: 'test',
    personalCode,
    address: {
      addressCode: `1000000${String(house).padStart(2, '0')}`,
      text: `Brīvības iela ${house}, Rīga, LV-1010`,
      postcode: 'LV-1010',
      atvk: '0001000',
    },
  };
}

async function transactionOf(changeEventId: string): Promise<string> {
  const result = await sql<{
    xmin: string;
  }>`SELECT xmin::text FROM change_event WHERE id = ${changeEventId}`.execute(testDb.db);
  return result.rows[0]?.xmin ?? '';
}

async function currentOf(code: string) {
  const person = await findPerson(testDb.db, 'test', code);
  if (!person) throw new Error(`no person ${code}`);
  return person;
}

describe('life events committed together', () => {
  it('writes the events waiting for a turn in one transaction, each answered with its own changes', async () => {
    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => registerPerson(alone)));
    const { ctx, turns, commits } = queued();
    const answers = await Promise.all(
      codes.map((code, index) => recordLifeEvent(ctx, move(code, index + 2))),
    );
    // The first event finds no turn running and goes at once, alone; the other four wait for it.
    expect(turns).toEqual([1, 4]);
    expect(answers.map((changes) => changes.map((c) => [c.personalCode, c.type, c.version]))).toEqual(
      codes.map((code) => [[code, 'addressDeclared', 2]]),
    );
    const transactions = await Promise.all(
      answers.map(([change]) => transactionOf(change?.changeEventId ?? '')),
    );
    expect(new Set(transactions.slice(1)).size).toBe(1);
    expect(transactions[0]).not.toBe(transactions[1]);
    for (const [index, code] of codes.entries()) {
      const person = await currentOf(code);
      expect(person.version).toBe(2);
      expect(person.data.residence.declaredAddress?.text).toBe(`Brīvības iela ${index + 2}, Rīga, LV-1010`);
    }
    expect(commits()).toBeGreaterThanOrEqual(2);
  });

  it('keeps both sides of a relation consistent in a turn with other events', async () => {
    const [husband, wife, other, another] = await Promise.all([
      registerPerson(alone, { sex: 'M' }),
      registerPerson(alone),
      registerPerson(alone),
      registerPerson(alone),
    ]);
    const { ctx, turns } = queued();
    const [, married] = await Promise.all([
      recordLifeEvent(ctx, move(other, 7)),
      recordLifeEvent(ctx, {
        type: 'married',
        environment: 'test',
        personalCode: husband,
        spousePersonalCode: wife,
      }),
      recordLifeEvent(ctx, move(another, 8)),
    ]);
    expect(turns).toEqual([1, 2]);
    expect(married?.map((c) => c.type)).toEqual(['married', 'married']);
    expect((await currentOf(husband)).data.civilStatus.spouse?.personalCode).toBe(wife);
    expect((await currentOf(wife)).data.civilStatus.spouse?.personalCode).toBe(husband);
  });

  it('plans an event that touches a person changed earlier in the same turn again, after that commit', async () => {
    const [first, shared, third] = await Promise.all([
      registerPerson(alone),
      registerPerson(alone),
      registerPerson(alone),
    ]);
    const { ctx, turns } = queued();
    const answers = await Promise.all([
      recordLifeEvent(ctx, move(first, 10)),
      recordLifeEvent(ctx, move(shared, 11)),
      recordLifeEvent(ctx, move(third, 13)),
      recordLifeEvent(ctx, move(shared, 12)),
    ]);
    expect(turns).toEqual([1, 3]);
    // The second move of the same person left the turn and read version 2 after its commit; the
    // rest of the turn still committed together.
    expect(answers.map(([change]) => change?.version)).toEqual([2, 2, 2, 3]);
    const [, moved, other, again] = await Promise.all(
      answers.map(([change]) => transactionOf(change?.changeEventId ?? '')),
    );
    expect(moved).toBe(other);
    expect(again).not.toBe(moved);
    const person = await currentOf(shared);
    expect(person.version).toBe(3);
    expect(person.data.residence.declaredAddress?.text).toBe('Brīvības iela 12, Rīga, LV-1010');
    expect(person.data.residenceHistory.previousAddresses.map((address) => address.text)).toContain(
      'Brīvības iela 11, Rīga, LV-1010',
    );
  });

  it('refuses a contradicting event alone and records the rest of its turn', async () => {
    const [a, b, c, d, e] = await Promise.all([
      registerPerson(alone, { sex: 'M' }),
      registerPerson(alone),
      registerPerson(alone, { sex: 'M' }),
      registerPerson(alone),
      registerPerson(alone),
    ]);
    await recordLifeEvent(alone, {
      type: 'married',
      environment: 'test',
      personalCode: a,
      spousePersonalCode: b,
    });
    const before = await sql<{ events: number }>`SELECT count(*)::int AS events FROM change_event`.execute(
      testDb.db,
    );
    const { ctx, turns } = queued();
    const outcomes = await Promise.allSettled([
      recordLifeEvent(ctx, move(d, 20)),
      recordLifeEvent(ctx, { type: 'married', environment: 'test', personalCode: c, spousePersonalCode: b }),
      recordLifeEvent(ctx, move(c, 21)),
      recordLifeEvent(ctx, move(e, 22)),
      recordLifeEvent(ctx, { type: 'died', environment: 'test', personalCode: '010101-10003' }),
    ]);
    expect(turns).toEqual([1, 4]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect(((outcomes[1] as PromiseRejectedResult).reason as ProblemError).code).toBe('conflict');
    expect(((outcomes[4] as PromiseRejectedResult).reason as ProblemError).code).toBe('notFound');
    const after = await sql<{ events: number }>`SELECT count(*)::int AS events FROM change_event`.execute(
      testDb.db,
    );
    expect(after.rows[0]?.events).toBe((before.rows[0]?.events ?? 0) + 3);
    const recorded = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
    const [, moved, movedToo] = await Promise.all(
      recorded.map((change) => transactionOf(change.changeEventId)),
    );
    expect(moved).toBe(movedToo);
    expect((await currentOf(b)).data.civilStatus.spouse?.personalCode).toBe(a);
    expect((await currentOf(c)).version).toBe(2);
  });

  it('records each event of a turn alone when another writer changed one of its persons before the shared write', async () => {
    const codes = await Promise.all([1, 2, 3].map(() => registerPerson(alone)));
    const [first, contested, other] = codes as [string, string, string];
    let hasInterfered = false;
    // After the turn's first read, another writer moves the contested person: the turn's plan for
    // them is stale, so its one write statement fails with a serialisation failure.
    const interfering: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (!hasInterfered) {
          hasInterfered = true;
          await recordLifeEvent(alone, move(contested, 40));
        }
        return args.result;
      },
    };
    const turns: number[] = [];
    const together = createLifeEventQueue(testDb.db.withPlugin(interfering), {
      limits: { inFlight: 1, events: 32 },
      onTurn: (events) => turns.push(events),
    });
    const ctx = registerContext(testDb.db, { together });
    const answers = await Promise.all([
      recordLifeEvent(ctx, move(first, 41)),
      recordLifeEvent(ctx, move(contested, 42)),
      recordLifeEvent(ctx, move(other, 43)),
    ]);
    expect(turns).toEqual([1, 2]);
    expect(hasInterfered).toBe(true);
    // Each went alone after the failed shared write: planned again from a fresh read.
    expect(answers.map(([change]) => change?.version)).toEqual([2, 3, 2]);
    const [, contestedTransaction, otherTransaction] = await Promise.all(
      answers.map(([change]) => transactionOf(change?.changeEventId ?? '')),
    );
    expect(contestedTransaction).not.toBe(otherTransaction);
    const person = await currentOf(contested);
    expect(person.version).toBe(3);
    expect(person.data.residence.declaredAddress?.text).toBe('Brīvības iela 42, Rīga, LV-1010');
  });

  it('keeps each environment to its own turns', async () => {
    const code = await registerPerson(alone);
    const { ctx, turns } = queued();
    const outcomes = await Promise.allSettled([
      recordLifeEvent(ctx, move(code, 30)),
      recordLifeEvent(ctx, { ...move(code, 31), environment: 'production' }),
      recordLifeEvent(ctx, { ...move(code, 32), environment: 'test' }),
    ]);
    // The production event waits for a turn of its own and finds no such person there.
    expect(turns).toEqual([1, 1, 1]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
