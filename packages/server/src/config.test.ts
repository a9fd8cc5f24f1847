import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, readConfig } from './config';

const defaults: Config = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './.fpr',
  databaseUrl: undefined,
  embeddedPgPort: 54329,
  logLevel: 'info',
  seedPersons: 20000,
  publicBaseUrl: 'http://localhost:8080',
  nodeEnv: 'development',
  secretsKey: undefined,
  loginAttemptsPerIpPerMinute: 30,
  tokenRequestsPerIpPerMinute: 300,
  trustProxy: [],
};

describe('readConfig accepts', () => {
  it.each<[string, NodeJS.ProcessEnv, Partial<Config>]>([
    ['an empty environment with defaults', {}, {}],
    ['empty strings as unset', { PORT: '', LOG_LEVEL: ' ' }, {}],
    [
      'a port, with the public URL following it',
      { PORT: '9000' },
      { port: 9000, publicBaseUrl: 'http://localhost:9000' },
    ],
    [
      'the port bounds',
      { PORT: '65535', EMBEDDED_PG_PORT: '1' },
      { port: 65535, embeddedPgPort: 1, publicBaseUrl: 'http://localhost:65535' },
    ],
    [
      'a postgres URL',
      { DATABASE_URL: 'postgres://u:p@db:5432/fpr' },
      { databaseUrl: 'postgres://u:p@db:5432/fpr' },
    ],
    ['a postgresql URL', { DATABASE_URL: 'postgresql://db/fpr' }, { databaseUrl: 'postgresql://db/fpr' }],
    ['a log level', { LOG_LEVEL: 'debug' }, { logLevel: 'debug' }],
    [
      'a secrets key',
      { SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') },
      { secretsKey: Buffer.alloc(32, 1) },
    ],
    ['a seed of zero', { SEED_PERSONS: '0' }, { seedPersons: 0 }],
    ['the largest seed', { SEED_PERSONS: '5000000' }, { seedPersons: 5_000_000 }],
    [
      'a public URL, without its trailing slash',
      { PUBLIC_BASE_URL: 'https://fpr.example.lv/' },
      { publicBaseUrl: 'https://fpr.example.lv' },
    ],
    [
      'host, data folder and environment',
      { HOST: '0.0.0.0', DATA_DIR: '/var/fpr', NODE_ENV: 'production' },
      { host: '0.0.0.0', dataDir: '/var/fpr', nodeEnv: 'production' },
    ],
    [
      'limits per client address',
      { LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '5', TOKEN_REQUESTS_PER_IP_PER_MINUTE: '1000' },
      { loginAttemptsPerIpPerMinute: 5, tokenRequestsPerIpPerMinute: 1000 },
    ],
    [
      'trusted proxies as addresses and ranges',
      { TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8' },
      { trustProxy: ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8'] },
    ],
  ])('%s', (_name, env, expected) => {
    expect(readConfig(env)).toEqual({ ...defaults, ...expected });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(readConfig({}))).toBe(true);
  });
});

describe('readConfig refuses', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['a port of zero', { PORT: '0' }, 'PORT must be an integer from 1 to 65535'],
    ['a port above the range', { PORT: '65536' }, 'PORT must be an integer from 1 to 65535'],
    ['a port with trailing text', { PORT: '80abc' }, 'PORT must be an integer from 1 to 65535'],
    ['a negative port', { EMBEDDED_PG_PORT: '-1' }, 'EMBEDDED_PG_PORT must be an integer from 1 to 65535'],
    ['a fractional seed', { SEED_PERSONS: '1.5' }, 'SEED_PERSONS must be an integer from 0 to 5000000'],
    ['too large a seed', { SEED_PERSONS: '5000001' }, 'SEED_PERSONS must be an integer from 0 to 5000000'],
    [
      'an unknown log level',
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
    ],
    [
      'a MySQL URL',
      { DATABASE_URL: 'mysql://db/fpr' },
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a host',
    ],
    [
      'a database path',
      { DATABASE_URL: '/var/run/postgres' },
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a host',
    ],
    [
      'a public URL that is not http',
      { PUBLIC_BASE_URL: 'ftp://fpr.example.lv' },
      'PUBLIC_BASE_URL must be a http:// or https:// URL with a host',
    ],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, test, production'],
    [
      'a secrets key of the wrong length',
      { SECRETS_KEY: Buffer.alloc(16).toString('base64') },
      'SECRETS_KEY must be 32 bytes in base64',
    ],
    [
      'a secrets key that is not base64',
      { SECRETS_KEY: 'not a key!' },
      'SECRETS_KEY must be 32 bytes in base64',
    ],
    [
      'no log-in attempts at all',
      { LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '0' },
      'LOGIN_ATTEMPTS_PER_IP_PER_MINUTE must be an integer from 1 to 100000',
    ],
    ...['proxy.example.lv', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129', '10.0.0.1,,10.0.0.2'].map(
      (value): [string, NodeJS.ProcessEnv, string] => [
        `a trusted proxy of ${value}`,
        { TRUST_PROXY: value },
        'TRUST_PROXY must list IP addresses or CIDR ranges, separated by commas',
      ],
    ),
  ])('%s', (_name, env, problem) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('lists every problem at once', () => {
    const env = {
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'http://db',
      SEED_PERSONS: '-3',
      NODE_ENV: 'prod',
    };
    expect(problemsOf(env)).toEqual([
      'PORT must be an integer from 1 to 65535',
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a host',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
      'SEED_PERSONS must be an integer from 0 to 5000000',
      'NODE_ENV must be one of development, test, production',
    ]);
  });

  it('never repeats a secret value in the message', () => {
    const env = { DATABASE_URL: 'mysql://admin:hunter2@db/fpr' };
    const message = messageOf(env);
    expect(message).not.toContain('hunter2');
  });
});

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function messageOf(env: NodeJS.ProcessEnv): string {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error('expected an error');
}
