import { runClosedLoad, runPacedLoad } from './paced-load';
import { ownCpuSeconds } from './process-cpu';

/**
 * The load generator of the `query` benchmark, run in a child process so that its CPU and memory
 * are not the server's: it receives one `LoadPlan` over IPC, posts queries with random personal
 * codes for the given time and answers with a `LoadOutcome`.
 */

export interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  /** Everything of the body but the codes. */
  template: Record<string, unknown>;
  codes: string[];
  /** Codes per request: 1 for single queries, 100 for batches. */
  codesPerRequest: number;
  seconds: number;
  connections: number;
  /**
   * Requests per second over all connections, evenly spaced and measured open-loop
   * (`paced-load.ts`); unset for as fast as possible (closed-loop, the same client).
   */
  overallRate?: number;
}

export interface LoadOutcome {
  requests: number;
  /** Answers other than 2xx, and socket errors or timeouts: a sound run has none. */
  failures: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds the load generator itself spent (user + system), for the CPU-per-request figures. */
  generatorCpuSeconds?: number;
}

function randomBody(plan: LoadPlan): string {
  const codes: string[] = [];
  for (let i = 0; i < plan.codesPerRequest; i++) {
    codes.push(plan.codes[Math.floor(Math.random() * plan.codes.length)] ?? '');
  }
  return JSON.stringify({ ...plan.template, personalCodes: codes });
}

export async function runLoad(plan: LoadPlan): Promise<LoadOutcome> {
  if (plan.overallRate !== undefined) {
    return runPacedLoad({ ...plan, rate: plan.overallRate, body: () => randomBody(plan) });
  }
  return runClosedLoad({
    url: plan.url,
    headers: plan.headers,
    body: () => randomBody(plan),
    seconds: plan.seconds,
    connections: plan.connections,
  });
}

// Started by `fork`: one plan in, one outcome out, then exit.
if (process.send) {
  process.once('message', (plan: LoadPlan) => {
    const start = ownCpuSeconds();
    runLoad(plan).then(
      (outcome) => {
        const generatorCpuSeconds = ownCpuSeconds() - start;
        process.send?.({ outcome: { ...outcome, generatorCpuSeconds } }, () => process.exit(0));
      },
      (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
    );
  });
}
