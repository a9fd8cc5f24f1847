import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProblem, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import type { FastifyTypebox } from '../app';
import { problem } from './problem';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const ItemsBody = Type.Object(
  {
    items: Type.Array(Type.String({ pattern: '^\\d{6}-?\\d{5}$' }), { minItems: 1, maxItems: 5 }),
    count: Type.Integer({ minimum: 1 }),
    kind: Type.Union([Type.Literal('person'), Type.Literal('address')]),
    nested: Type.Optional(Type.Object({ flag: Type.Boolean() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const ItemsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

function testRoutes(app: FastifyTypebox): void {
  app.post('/api/test/items', { schema: { body: ItemsBody, querystring: ItemsQuery } }, async (request) => ({
    received: request.body.items.length,
    limit: request.query.limit ?? null,
  }));
  app.get('/api/test/crash', async () => {
    throw new Error('internal detail: relation "secret_table" is broken');
  });
  app.get('/api/test/database-down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  app.get('/api/test/refusal', async () => {
    throw problem('insufficientBalance', {
      detail: 'The balance does not cover 2 persons.',
      extensions: { requiredCents: 400, balanceCents: 100, code: 'overridden?' },
    });
  });
}

let testDb: TestDatabase;
let server: TestApp;
beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, routes: testRoutes });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const validItems = { items: ['010190-10415'], count: 1, kind: 'person' };

describe('request ids', () => {
  it('echoes a valid X-Request-Id', async () => {
    const response = await fetch(`${server.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'client-req.0001_ab' },
    });
    expect(response.headers.get('x-request-id')).toBe('client-req.0001_ab');
  });

  it.each([['short'], ['has spaces in it'], ['x'.repeat(101)], ['<script>alert(1)</script>']])(
    'replaces the invalid id %j with a UUID',
    async (sent) => {
      const response = await fetch(`${server.baseUrl}/health/live`, { headers: { 'x-request-id': sent } });
      expect(response.headers.get('x-request-id')).toMatch(uuid);
    },
  );

  it('generates a UUID when none is sent, and puts it in problems too', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/nothing-here`);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(uuid);
    expect((await readProblem(response)).requestId).toBe(id);
  });
});

describe('problem responses', () => {
  it('answers an unknown route with a complete 404 problem, the query left out of instance', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/nothing-here?secret=1`, {
      headers: { 'x-request-id': 'abcdefgh-1234' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await readProblem(response)).toEqual({
      type: 'https://fpr.pmlp.gov.lv/problems/notFound',
      title: 'Not found',
      status: 404,
      detail: 'Not found',
      instance: '/api/v1/nothing-here',
      code: 'notFound',
      requestId: 'abcdefgh-1234',
    });
  });

  it('masks a personal code that a careless client put in the path', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/persons/010190-10415`);
    expect((await readProblem(response)).instance).toBe('/api/v1/persons/******-*****');
  });

  it('answers an undecodable URL with a problem, not the framework default', async () => {
    const response = await fetch(`${server.baseUrl}/api/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toMatch(uuid);
    expect(await readProblem(response)).toMatchObject({ code: 'paramsValidation' });
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const response = await fetch(`${server.baseUrl}/health/live`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect((await readProblem(response)).code).toBe('methodNotAllowed');
  });

  it('keeps extension members but never lets them override standard ones', async () => {
    const response = await fetch(`${server.baseUrl}/api/test/refusal`);
    expect(response.status).toBe(402);
    expect(await readProblem(response)).toMatchObject({
      code: 'insufficientBalance',
      detail: 'The balance does not cover 2 persons.',
      requiredCents: 400,
      balanceCents: 100,
    });
  });

  it('hides an unexpected error behind an opaque 500', async () => {
    const response = await fetch(`${server.baseUrl}/api/test/crash`);
    expect(response.status).toBe(500);
    expect(await response.clone().text()).not.toMatch(/secret_table|internal detail|at .*\.ts/);
    const body = await readProblem(response);
    expect(body).toMatchObject({ code: 'serverError', status: 500, title: 'Internal server error' });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    expect(Object.keys(body).sort()).toEqual([
      'code',
      'detail',
      'instance',
      'requestId',
      'status',
      'title',
      'type',
    ]);
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const response = await fetch(`${server.baseUrl}/api/test/database-down`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await readProblem(response)).toMatchObject({ code: 'notAvailable' });
  });
});

describe('request bodies', () => {
  it('accepts a valid body, coercing query parameters but not body fields', async () => {
    const response = await post('/api/test/items?limit=7', JSON.stringify(validItems));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, limit: 7 });
  });

  it('answers malformed JSON with 400 naming the body, without echoing it', async () => {
    const response = await post('/api/test/items', '{"items": ["010190-10415",');
    expect(response.status).toBe(400);
    expect(await response.clone().text()).not.toContain('010190');
    expect(await readProblem(response)).toMatchObject({
      code: 'paramsValidation',
      invalidParams: [{ name: 'body', code: 'malformed', reason: 'is not valid JSON' }],
    });
  });

  it('lists every failing parameter, with indexes, and refuses unknown fields', async () => {
    const body = {
      items: ['010190-10415', 'not-a-code', '010190-10415', 12345],
      count: '2',
      kind: 'company',
      nested: { flag: 'yes', bogus: true },
      extra: 1,
    };
    const response = await post('/api/test/items', JSON.stringify(body));
    expect(response.status).toBe(400);
    const problemBody = await readProblem(response);
    expect(problemBody.detail).toBe('7 parameters are not valid.');
    expect(sortByName(problemBody.invalidParams ?? [])).toEqual([
      { name: 'count', code: 'type', reason: 'must be of type integer' },
      { name: 'extra', code: 'unknownField', reason: 'is not a known field' },
      { name: 'items[1]', code: 'pattern', reason: 'does not have the required format' },
      { name: 'items[3]', code: 'type', reason: 'must be of type string' },
      { name: 'kind', code: 'anyOf', reason: 'must be one of: "person", "address"' },
      { name: 'nested.bogus', code: 'unknownField', reason: 'is not a known field' },
      { name: 'nested.flag', code: 'type', reason: 'must be of type boolean' },
    ]);
  });

  it('names missing fields and query parameters by their own name', async () => {
    const missing = await post('/api/test/items', JSON.stringify({ items: [] }));
    expect(sortByName((await readProblem(missing)).invalidParams ?? [])).toEqual([
      { name: 'count', code: 'required', reason: 'is required' },
      { name: 'items', code: 'minItems', reason: 'must have at least 1 entries' },
      { name: 'kind', code: 'required', reason: 'is required' },
    ]);
    const query = await post('/api/test/items?limit=0', JSON.stringify(validItems));
    expect((await readProblem(query)).invalidParams).toEqual([
      { name: 'limit', code: 'minimum', reason: 'must be at least 1' },
    ]);
  });

  it('answers a text/plain body with 415', async () => {
    const response = await post('/api/test/items', 'hello', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await readProblem(response)).toMatchObject({ code: 'unsupportedMediaType' });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await post('/api/test/items', JSON.stringify({ items: ['x'.repeat(1024 * 1024)] }));
    expect(response.status).toBe(413);
    expect(await readProblem(response)).toMatchObject({ code: 'payloadTooLarge' });
  });
});

describe('content negotiation', () => {
  it('answers 406 when the client accepts only HTML from the API', async () => {
    const response = await post('/api/test/items', JSON.stringify(validItems), { accept: 'text/html' });
    expect(response.status).toBe(406);
    expect(await readProblem(response)).toMatchObject({ code: 'notAcceptable' });
  });

  it('accepts a browser-style Accept header that includes */*', async () => {
    const accept = 'text/html,application/xhtml+xml,*/*;q=0.8';
    const response = await post('/api/test/items', JSON.stringify(validItems), { accept });
    expect(response.status).toBe(200);
  });

  it('leaves the documentation UI alone', async () => {
    const response = await fetch(`${server.baseUrl}/api/docs/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

function sortByName<T extends { name: string }>(params: T[]): T[] {
  return [...params].sort((a, b) => a.name.localeCompare(b.name));
}
