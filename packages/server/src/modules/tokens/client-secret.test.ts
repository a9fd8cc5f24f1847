import { describe, expect, it } from 'vitest';
import {
  generateClientId,
  generateClientSecret,
  hasBasicAuthorization,
  hashClientSecret,
  isClientSecretCorrect,
  parseBasicAuthorization,
} from './client-secret';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('client secrets', () => {
  it('generates 256-bit secrets and opaque ids that differ every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateClientSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateClientId()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('keeps only a digest and checks the secret against it', () => {
    const secret = generateClientSecret();
    const stored = hashClientSecret(secret);
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(isClientSecretCorrect(stored, secret)).toBe(true);
    expect(isClientSecretCorrect(stored, `${secret}x`)).toBe(false);
    expect(isClientSecretCorrect(stored, '')).toBe(false);
    expect(isClientSecretCorrect('argon2id$…', secret)).toBe(false);
  });
});

describe('parseBasicAuthorization', () => {
  it.each<[string | undefined, { clientId: string; secret: string } | undefined]>([
    [basic('client-1:s3cret'), { clientId: 'client-1', secret: 's3cret' }],
    [basic('client-1:a%3Ab+c'), { clientId: 'client-1', secret: 'a:b c' }],
    [basic('client-1:with:colons'), { clientId: 'client-1', secret: 'with:colons' }],
    [`basic   ${Buffer.from('a:b').toString('base64')}`, { clientId: 'a', secret: 'b' }],
    [basic('client-1:'), undefined],
    [basic(':secret'), undefined],
    [basic('no-colon'), undefined],
    [basic('client:%E0%A4%A'), undefined],
    ['Bearer abc', undefined],
    ['Basic !!!', undefined],
    [undefined, undefined],
  ])('%s → %o', (header, expected) => {
    expect(parseBasicAuthorization(header)).toEqual(expected);
  });

  it('tells a Basic header from others', () => {
    expect(hasBasicAuthorization('Basic x')).toBe(true);
    expect(hasBasicAuthorization('Bearer x')).toBe(false);
    expect(hasBasicAuthorization(undefined)).toBe(false);
  });
});
