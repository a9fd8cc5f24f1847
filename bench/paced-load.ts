import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * An open-loop load: requests leave at evenly spaced moments whatever the server does, and each
 * latency is counted from the moment its request was due, not from when a free connection sent it.
 * A closed-loop generator (or autocannon's `overallRate`, which lets every connection spend its
 * share of a second back to back at the start of that second) measures a server running flat out
 * in bursts, and leaves out the time a late answer made the next request wait.
 */

export interface PacedPlan {
  url: string;
  headers: Record<string, string>;
  /** A fresh request body for each request. */
  body: () => string;
  /** Requests per second, spread evenly. */
  rate: number;
  seconds: number;
  /** At most this many requests in flight; the others wait for a connection, and that wait counts. */
  connections: number;
}

export interface PacedOutcome {
  requests: number;
  /** Answers other than 2xx, and socket errors or timeouts. */
  failures: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

const requestTimeoutMs = 30_000;

export async function runPacedLoad(plan: PacedPlan): Promise<PacedOutcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
  const total = Math.max(1, Math.round(plan.rate * plan.seconds));
  const intervalMs = 1000 / plan.rate;
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const answers: Promise<void>[] = [];
  try {
    for (let index = 0; index < total; index++) {
      const due = started + index * intervalMs;
      const early = due - performance.now();
      if (early > 0) await delay(early);
      answers.push(
        post(agent, plan, plan.body()).then((isOk) => {
          if (isOk) latencies.push(performance.now() - due);
          else failures += 1;
        }),
      );
    }
    await Promise.all(answers);
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** The nearest-rank percentile of ascending values; 0 for none. */
export function percentile(ascending: readonly number[], fraction: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil(fraction * ascending.length)));
  return ascending[rank - 1] ?? 0;
}

/** Resolves true for a 2xx answer read to its end, false for anything else; never rejects. */
function post(agent: http.Agent, plan: PacedPlan, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request(
      plan.url,
      {
        method: 'POST',
        agent,
        timeout: requestTimeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...plan.headers,
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.on('error', () => resolve(false));
        response.on('end', () => resolve(status >= 200 && status < 300));
        response.resume();
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', () => resolve(false));
    request.end(body);
  });
}
