/** One caller's work waiting for a turn, with the promise that answers it. */
export interface Waiting<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<Input, Output> {
  /** Turns running at once; past them, work waits and then goes together. */
  inFlight: number;
  /** Works in one turn. */
  perTurn: number;
  /** Only works of the same group share a turn (an environment, say). */
  groupOf: (input: Input) => string;
  /** Runs one turn and settles every one of its works, whatever happens. */
  runTurn: (turn: Waiting<Input, Output>[]) => Promise<void>;
  onTurn?: (works: number) => void;
}

/**
 * Group commit without a timer (ARCHITECTURE §6): while fewer than `inFlight` turns run, a work
 * goes at once, alone, and waits for nothing; works that arrive while they all run wait, and the
 * next free turn takes the waiting works of the first one's group, in order, up to `perTurn`. So
 * nothing waits under light load and turns grow with the load.
 */
export function createGroupCommit<Input, Output>(
  options: GroupCommitOptions<Input, Output>,
): (input: Input) => Promise<Output> {
  const waiting: Waiting<Input, Output>[] = [];
  let running = 0;
  const pump = (): void => {
    while (running < options.inFlight && waiting.length > 0) {
      const turn = takeTurn(waiting, options);
      options.onTurn?.(turn.length);
      running += 1;
      void options.runTurn(turn).finally(() => {
        running -= 1;
        pump();
      });
    }
  };
  return (input) =>
    new Promise<Output>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      pump();
    });
}

function takeTurn<Input, Output>(
  waiting: Waiting<Input, Output>[],
  options: GroupCommitOptions<Input, Output>,
): Waiting<Input, Output>[] {
  const group = options.groupOf((waiting[0] as Waiting<Input, Output>).input);
  const turn: Waiting<Input, Output>[] = [];
  for (let i = 0; i < waiting.length && turn.length < options.perTurn; ) {
    const candidate = waiting[i] as Waiting<Input, Output>;
    if (options.groupOf(candidate.input) === group) {
      turn.push(candidate);
      waiting.splice(i, 1);
    } else {
      i += 1;
    }
  }
  return turn;
}

/** Answers one waiting work with the outcome of `work`, or with its error. */
export async function settle<Input, Output>(
  waiting: Waiting<Input, Output>,
  work: () => Promise<Output>,
): Promise<void> {
  try {
    waiting.resolve(await work());
  } catch (error) {
    waiting.reject(error);
  }
}
