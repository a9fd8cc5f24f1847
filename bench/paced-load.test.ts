import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { percentile, runClosedLoad, runPacedLoad } from './paced-load';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * A local receiver that answers every POST with `status`, framed as the API frames it, after
 * `delayMs`; it keeps the bodies it got and the most requests it held at once.
 */
async function receiver(
  status: number,
  delayMs = 0,
): Promise<{ url: string; bodies: string[]; mostAtOnce: () => number }> {
  const bodies: string[] = [];
  let atOnce = 0;
  let mostAtOnce = 0;
  const server = http.createServer((request, response) => {
    atOnce += 1;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      setTimeout(() => {
        atOnce -= 1;
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
      }, delayMs);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    bodies,
    mostAtOnce: () => mostAtOnce,
  };
}

it('sends rate × seconds requests, each with a fresh body, and measures every answer', async () => {
  const target = await receiver(200);
  let made = 0;
  const outcome = await runPacedLoad({
    url: target.url,
    headers: { authorization: 'Bearer x' },
    body: () => JSON.stringify({ n: made++ }),
    rate: 400,
    seconds: 0.1,
    connections: 2,
  });
  expect(outcome).toMatchObject({ requests: 40, failures: 0 });
  expect(new Set(target.bodies).size).toBe(40);
  expect(outcome.p50Ms).toBeGreaterThan(0);
  expect(outcome.p99Ms).toBeGreaterThanOrEqual(outcome.p50Ms);
  // Evenly spaced: the last request was due at 39/400 s, so the run cannot end before it.
  expect(outcome.seconds).toBeGreaterThanOrEqual(0.0975);
});

it('counts answers other than 2xx as failures, not as latencies', async () => {
  const target = await receiver(503);
  const outcome = await runPacedLoad({
    url: target.url,
    headers: {},
    body: () => '{}',
    rate: 200,
    seconds: 0.05,
    connections: 1,
  });
  expect(outcome).toMatchObject({ requests: 0, failures: 10, p50Ms: 0, p99Ms: 0 });
});

it('closed loop: keeps every connection busy, one request at a time each, until the time is up', async () => {
  const target = await receiver(200, 5);
  let made = 0;
  const outcome = await runClosedLoad({
    url: target.url,
    headers: {},
    body: () => JSON.stringify({ n: made++ }),
    seconds: 0.2,
    connections: 3,
  });
  // Every request sent was answered and counted, each with its own body.
  expect(outcome.failures).toBe(0);
  expect(outcome.requests).toBe(made);
  expect(new Set(target.bodies).size).toBe(made);
  // Three connections held by the receiver 5 ms each: never more than three at once, and far more
  // than three requests in 0.2 s (about 120 if nothing else ran; a loaded machine gets fewer).
  expect(target.mostAtOnce()).toBe(3);
  expect(outcome.requests).toBeGreaterThan(15);
  expect(outcome.p50Ms).toBeGreaterThanOrEqual(4);
  expect(outcome.seconds).toBeGreaterThanOrEqual(0.2);
});

it('closed loop: counts answers other than 2xx as failures', async () => {
  const target = await receiver(500);
  const outcome = await runClosedLoad({
    url: target.url,
    headers: {},
    body: () => '{}',
    seconds: 0.05,
    connections: 1,
  });
  expect(outcome.requests).toBe(0);
  expect(outcome.failures).toBe(target.bodies.length);
  expect(outcome.failures).toBeGreaterThan(0);
});

it('takes the nearest-rank percentile', () => {
  const values = Array.from({ length: 200 }, (_, index) => index + 1);
  expect(percentile(values, 0.5)).toBe(100);
  expect(percentile(values, 0.99)).toBe(198);
  expect(percentile([7], 0.99)).toBe(7);
  expect(percentile([], 0.99)).toBe(0);
});
