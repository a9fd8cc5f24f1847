import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { maskLogLine, maskPersonalCodes } from './logger';

describe('maskPersonalCodes', () => {
  it.each([
    ['code 010190-10415 here', 'code ******-***** here'],
    ['code 01019010415 here', 'code ******-***** here'],
    ['id01019010415x', 'id******-*****x'],
    ['"010190-10415","31129012345"', '"******-*****","******-*****"'],
    ['\\n010190-10415', '\\n******-*****'],
    [
      '12 digits 123456789012 and 10 digits 1234567890 stay',
      '12 digits 123456789012 and 10 digits 1234567890 stay',
    ],
    ['1732680000000', '1732680000000'],
  ])('%j becomes %j', (text, masked) => {
    expect(maskPersonalCodes(text)).toBe(masked);
  });

  it('masks inside string literals only, so a log line stays JSON', () => {
    const line = '{"time":1732680000000,"n":01019010415,"msg":"looked up 010190-10415"}';
    expect(maskLogLine(line)).toBe('{"time":1732680000000,"n":01019010415,"msg":"looked up ******-*****"}');
  });
});

describe('logger options', () => {
  it('redacts secrets in headers, bodies and nested objects', () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    logger.info({
      request: {
        headers: { authorization: 'Bearer tok3n', cookie: 'fpr_session=s3ss', 'x-admin-secret': 'adm1n' },
      },
      body: { password: 'hunter2', nested: { clientSecret: 'cl1ent' } },
      res: { headers: { 'set-cookie': 'fpr_session=s3ss' } },
    });
    const output = lines.join('');
    for (const secret of ['tok3n', 's3ss', 'adm1n', 'hunter2', 'cl1ent'])
      expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});

describe('request logs', () => {
  const lines: string[] = [];
  let testDb: TestDatabase;
  let server: TestApp;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    server = await startTestApp({
      db: testDb.db,
      logLines: lines,
      routes: (app) => {
        const body = Type.Object({ personalCodes: Type.Array(Type.String({ pattern: '^\\d{6}-\\d{5}$' })) });
        app.post('/api/test/lookup', { schema: { body } }, async (request) => {
          throw new Error(`lookup failed for ${request.body.personalCodes.join(', ')}`);
        });
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await testDb.drop();
  });

  it('never contain a personal code, from bodies, errors or query strings', async () => {
    const post = (body: unknown, query = '') =>
      fetch(`${server.baseUrl}/api/test/lookup${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer s3cr3t-t0ken' },
        body: JSON.stringify(body),
      });
    expect((await post({ personalCodes: ['010190-10415'] })).status).toBe(500);
    expect((await post({ personalCodes: ['01019010415'] }, '?code=31129012345')).status).toBe(400);
    const output = lines.join('');
    expect(output).toContain('lookup failed for ******-*****');
    expect(output).toContain('"path":"/api/test/lookup"');
    for (const leak of ['010190-10415', '01019010415', '31129012345', 's3cr3t-t0ken', '?code']) {
      expect(output).not.toContain(leak);
    }
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
