import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { percentile, runPacedLoad } from './paced-load';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A local receiver that answers every POST with `status`, framed as the API frames it, and keeps the bodies it got. */
async function receiver(status: number): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies };
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

it('takes the nearest-rank percentile', () => {
  const values = Array.from({ length: 200 }, (_, index) => index + 1);
  expect(percentile(values, 0.5)).toBe(100);
  expect(percentile(values, 0.99)).toBe(198);
  expect(percentile([7], 0.99)).toBe(7);
  expect(percentile([], 0.99)).toBe(0);
});
