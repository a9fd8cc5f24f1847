import { describe, expect, it } from 'vitest';
import { createGroupCommit, settle, type Waiting } from './group-commit';

interface Work {
  group: string;
  name: string;
}

/** A queue whose turns finish only when the test says so; it records every turn's works. */
function controlledQueue(limits: { inFlight: number; perTurn: number }) {
  const turns: string[][] = [];
  const finishers: Array<() => void> = [];
  const run = createGroupCommit<Work, string>({
    ...limits,
    groupOf: (work) => work.group,
    runTurn: (turn: Waiting<Work, string>[]) => {
      turns.push(turn.map((waiting) => waiting.input.name));
      return new Promise<void>((finish) => {
        finishers.push(() => {
          for (const waiting of turn) void settle(waiting, async () => `${waiting.input.name} done`);
          finish();
        });
      });
    },
  });
  const finishNext = async () => {
    finishers.shift()?.();
    // Let the settled promises and the next turn's start run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { run, turns, finishNext };
}

describe('group commit', () => {
  it('sends the first work at once and those that wait together, one group a turn, up to the turn size', async () => {
    const { run, turns, finishNext } = controlledQueue({ inFlight: 1, perTurn: 2 });
    const answers = ['a1', 'b1', 'a2', 'a3', 'a4'].map((name) => run({ group: name[0] as string, name }));
    expect(turns).toEqual([['a1']]);
    // The next turn is the first waiting work's group, then the rest of the waiting ones in order.
    await finishNext();
    expect(turns.at(-1)).toEqual(['b1']);
    await finishNext();
    expect(turns.at(-1)).toEqual(['a2', 'a3']);
    await finishNext();
    expect(turns.at(-1)).toEqual(['a4']);
    await finishNext();
    expect(await Promise.all(answers)).toEqual(['a1 done', 'b1 done', 'a2 done', 'a3 done', 'a4 done']);
  });

  it('runs up to inFlight turns at once', async () => {
    const { run, turns, finishNext } = controlledQueue({ inFlight: 2, perTurn: 8 });
    const answers = ['x1', 'x2', 'x3', 'x4'].map((name) => run({ group: 'x', name }));
    expect(turns).toEqual([['x1'], ['x2']]);
    await finishNext();
    expect(turns).toEqual([['x1'], ['x2'], ['x3', 'x4']]);
    await finishNext();
    await finishNext();
    expect(await Promise.all(answers)).toHaveLength(4);
  });

  it('answers a work with its own error', async () => {
    const run = createGroupCommit<string, string>({
      inFlight: 1,
      perTurn: 4,
      groupOf: () => 'one',
      runTurn: async (turn) => {
        for (const waiting of turn)
          await settle(waiting, async () => {
            if (waiting.input === 'bad') throw new Error('refused');
            return waiting.input;
          });
      },
    });
    const outcomes = await Promise.allSettled(['good', 'bad'].map((input) => run(input)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
  });
});
