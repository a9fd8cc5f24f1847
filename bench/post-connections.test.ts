import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostConnections, type PostConnections } from './post-connections';

const servers: http.Server[] = [];
const clients: PostConnections[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

interface Seen {
  url: string;
  bodies: string[];
  sockets: Set<Socket>;
  /** The most requests the server was answering at one moment. */
  mostAtOnce: number;
}

/** A real local HTTP server; `answer` writes each response (after the request's body was read). */
async function server(
  answer: (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: string,
  ) => void | Promise<void>,
): Promise<Seen> {
  const seen: Seen = { url: '', bodies: [], sockets: new Set(), mostAtOnce: 0 };
  let atOnce = 0;
  const instance = http.createServer((request, response) => {
    seen.sockets.add(request.socket);
    atOnce += 1;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, atOnce);
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      seen.bodies.push(body);
      await answer(request, response, body);
      atOnce -= 1;
    });
  });
  servers.push(instance);
  instance.listen(0, '127.0.0.1');
  await once(instance, 'listening');
  seen.url = `http://127.0.0.1:${(instance.address() as AddressInfo).port}/api/v1/persons/query?x=1`;
  return seen;
}

function framed(
  response: http.ServerResponse,
  status: number,
  body: string,
  extra: Record<string, string> = {},
) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  response.end(body);
}

function open(url: string, connections: number, timeoutMs = 5_000): PostConnections {
  const client = openPostConnections(url, { authorization: 'Bearer t' }, { connections, timeoutMs });
  clients.push(client);
  return client;
}

describe('the generator’s keep-alive connections', () => {
  it('sends each body with its headers and path, and reuses at most the given connections', async () => {
    const paths: string[] = [];
    const target = await server((request, response, body) => {
      paths.push(
        `${request.method} ${request.url} ${request.headers.authorization} ${request.headers['content-type'] ?? ''}`,
      );
      framed(response, 200, body);
    });
    const client = open(target.url, 2);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => client.post(`{"n":${index},"name":"Bērziņš"}`)),
    );

    expect(answers.every((isOk) => isOk)).toBe(true);
    expect(new Set(target.bodies).size).toBe(30);
    expect(target.bodies).toContain('{"n":29,"name":"Bērziņš"}');
    expect(new Set(paths)).toEqual(new Set(['POST /api/v1/persons/query?x=1 Bearer t ']));
    expect(target.sockets.size).toBe(2);
    expect(target.mostAtOnce).toBeLessThanOrEqual(2);
  });

  it('lets a request wait for a free connection rather than open another', async () => {
    const target = await server(async (_request, response, body) => {
      await new Promise((resolve) => setImmediate(resolve));
      framed(response, 200, body);
    });
    const client = open(target.url, 1);
    const answers = await Promise.all([client.post('1'), client.post('2'), client.post('3')]);
    expect(answers).toEqual([true, true, true]);
    expect(target.bodies).toEqual(['1', '2', '3']);
    expect(target.sockets.size).toBe(1);
    expect(target.mostAtOnce).toBe(1);
  });

  it('reads an answer that arrives in many pieces', async () => {
    const big = JSON.stringify({ persons: 'ā'.repeat(300_000) });
    const target = await server((_request, response) => framed(response, 200, big));
    const client = open(target.url, 1);
    expect(await client.post('{}')).toBe(true);
    expect(await client.post('{}')).toBe(true);
    expect(target.sockets.size).toBe(1);
  });

  it('counts other answers than 2xx as failures and goes on over the same connection', async () => {
    let calls = 0;
    const target = await server((_request, response) => framed(response, ++calls === 1 ? 402 : 200, '{}'));
    const client = open(target.url, 1);
    expect(await client.post('{}')).toBe(false);
    expect(await client.post('{}')).toBe(true);
    expect(target.sockets.size).toBe(1);
  });

  it('opens a new connection after the server closes one', async () => {
    let calls = 0;
    const target = await server((_request, response) =>
      framed(response, 200, '{}', ++calls === 1 ? { connection: 'close' } : {}),
    );
    const client = open(target.url, 1);
    expect(await client.post('a')).toBe(true);
    expect(await client.post('b')).toBe(true);
    expect(target.sockets.size).toBe(2);
  });

  it('fails an answer it cannot frame, or a dropped or silent connection, and recovers', async () => {
    let calls = 0;
    const target = await server((request, response) => {
      calls += 1;
      if (calls === 1) return void response.writeHead(200).end('{}'); // chunked: no content-length
      if (calls === 2) return void request.socket.destroy();
      if (calls === 3) return; // never answers
      framed(response, 200, '{}');
    });
    const client = open(target.url, 1, 200);
    expect(await client.post('1')).toBe(false);
    expect(await client.post('2')).toBe(false);
    expect(await client.post('3')).toBe(false);
    expect(await client.post('4')).toBe(true);
    expect(target.bodies).toEqual(['1', '2', '3', '4']);
  });

  it('answers false once closed, also to requests still waiting for a connection', async () => {
    const target = await server((_request, response) => framed(response, 200, '{}'));
    const client = open(target.url, 1);
    const first = client.post('1');
    const waiting = client.post('2');
    client.close();
    expect(await waiting).toBe(false);
    expect(await client.post('3')).toBe(false);
    await first;
  });
});
