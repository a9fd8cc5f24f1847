import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkPublicJwk } from './client-key';

const ecKey = async () => ({ ...(await exportJWK((await generateKeyPair('ES256')).publicKey)) });
const edKey = async () => ({ ...(await exportJWK((await generateKeyPair('EdDSA')).publicKey)) });

describe('checkPublicJwk', () => {
  it('accepts an EC P-256 key for ES256 and keeps only its public members', async () => {
    const jwk = { ...(await ecKey()), alg: 'ES256', use: 'sig', kid: 'k1', x5c: ['…'] };
    const check = checkPublicJwk(jwk);
    expect(check).toEqual({
      ok: true,
      algorithm: 'ES256',
      jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
    });
  });

  it('accepts an OKP Ed25519 key for EdDSA', async () => {
    const jwk = await edKey();
    expect(checkPublicJwk(jwk)).toEqual({
      ok: true,
      algorithm: 'EdDSA',
      jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    });
  });

  it('refuses a private key, naming each private member', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const check = checkPublicJwk({ ...(await exportJWK(privateKey)) });
    expect(check).toEqual({
      ok: false,
      invalidParams: [{ name: 'publicJwk.d', code: 'privateKey', reason: expect.any(String) }],
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an RSA key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, ['publicJwk.kty']],
    ['a symmetric key', { kty: 'oct', k: 'c2VjcmV0' }, ['publicJwk.k', 'publicJwk.kty']],
    ['another curve', { kty: 'EC', crv: 'P-384', x: 'A'.repeat(43), y: 'A'.repeat(43) }, ['publicJwk.crv']],
    ['X25519', { kty: 'OKP', crv: 'X25519', x: 'A'.repeat(43) }, ['publicJwk.crv']],
    ['a missing y', { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43) }, ['publicJwk.y']],
    ['a short x', { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, ['publicJwk.x']],
    [
      'a wrong alg and use',
      { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), alg: 'ES256', use: 'enc' },
      ['publicJwk.alg', 'publicJwk.use'],
    ],
  ])('refuses %s', (_name, jwk, names) => {
    const check = checkPublicJwk(jwk);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.invalidParams.map((param) => param.name).sort()).toEqual(names);
  });
});
