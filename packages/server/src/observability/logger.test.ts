import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, startTestApp, type TestApp } from '../../test/app';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { maskLogLine, maskPersonalCodes, redactSecrets } from './logger';

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

  it('redacts inside errors and arrays, keeps the error and never changes what was logged', () => {
    const lines: string[] = [];
    const logger = capturingLogger(lines);
    const error = Object.assign(new Error('upstream refused'), {
      config: { headers: { authorization: 'Bearer err0r' } },
    });
    const logged = { err: error, attempts: [{ password: 'arr4y' }, { totpCode: '123456' }] };
    logger.error(logged, 'call failed');
    const line = JSON.parse(lines.join('')) as { err: { message: string; stack: string; type: string } };
    expect(JSON.stringify(line)).not.toMatch(/err0r|arr4y|123456/);
    expect(line.err).toMatchObject({ type: 'Error', message: 'upstream refused' });
    expect(line.err.stack).toContain('upstream refused');
    expect(error.config.headers.authorization).toBe('Bearer err0r');
    expect(logged.attempts[0]?.password).toBe('arr4y');
  });

  it('redacts down to three levels below the top, copies frozen objects, and leaves secret-free objects as they are', () => {
    const frozen = Object.freeze({
      a: { b: { secret: 's', c: { secret: 's', d: { secret: 'too deep' } } } },
    });
    expect(redactSecrets(frozen)).toEqual({
      a: { b: { secret: '[redacted]', c: { secret: '[redacted]', d: { secret: 'too deep' } } } },
    });
    const clean = { method: 'POST', path: '/api/v1/persons/query', nested: { statusCode: 200 } };
    expect(redactSecrets(clean)).toBe(clean);
    const bytes = Buffer.from('password');
    expect(redactSecrets({ bytes }).bytes).toBe(bytes);
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
