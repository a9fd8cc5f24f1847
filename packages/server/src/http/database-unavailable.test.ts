import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown, boolean]>([
    ['a refused connection', withCode('ECONNREFUSED'), true],
    [
      'a refused dual-stack connection',
      new AggregateError([withCode('ECONNREFUSED')], 'connect failed'),
      true,
    ],
    ['an administrator shutdown', withCode('57P01'), true],
    ['a connection exception class 08', withCode('08006'), true],
    ['too many connections', withCode('53300'), true],
    ['a cause further down', new Error('query failed', { cause: withCode('ECONNRESET') }), true],
    ['pg-pool timing out', new Error('timeout exceeded when trying to connect'), true],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), true],
    ['a unique violation', withCode('23505'), false],
    ['a syntax error', withCode('42601'), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
