import { type CryptoKey, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AccessClaims, signAccessToken, tokenAudience, verifyAccessToken } from './access-token';

const audience = tokenAudience('https://fpr.example');
const claims: AccessClaims = {
  clientId: 'client-1',
  organisationId: '6d1f7c52-2f4e-4d53-9f0e-0a8f1f3c2b11',
  environment: 'production',
  connectionId: '0b7e6c1a-8d2f-4b7a-9c3e-5f1d2a4b6c8d',
};
const issuedAt = new Date('2026-03-02T10:00:00Z');
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

let privateKey: CryptoKey;
let publicKey: CryptoKey;
beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('ES256'));
});

async function issue(kid: string): Promise<string> {
  return signAccessToken({ kid, privateKey }, claims, { ...audience, now: issuedAt });
}

// Counts the key lookups: every verification, remembered or not, asks whether the key is usable.
function keys(usable: Record<string, boolean>) {
  const asked: string[] = [];
  const resolve = async (kid: string) => {
    asked.push(kid);
    return usable[kid] ? publicKey : undefined;
  };
  return { resolve, asked };
}

describe('verifyAccessToken', () => {
  it('answers the claims of a token verified before, as long as its key is usable', async () => {
    const token = await issue('key-a');
    const { resolve, asked } = keys({ 'key-a': true });
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(1) })).toEqual(claims);
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(2) })).toEqual(claims);
    expect(asked).toEqual(['key-a', 'key-a']);
  });

  it('refuses a remembered token once its key is retired', async () => {
    const token = await issue('key-b');
    const usable = { 'key-b': true };
    const { resolve } = keys(usable);
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(1) })).toEqual(claims);
    usable['key-b'] = false;
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(2) })).toBeUndefined();
  });

  it('refuses a remembered token after it expires', async () => {
    const token = await issue('key-c');
    const { resolve } = keys({ 'key-c': true });
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(299) })).toEqual(claims);
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(300) })).toBeUndefined();
  });

  it('refuses a remembered token presented for another audience', async () => {
    const token = await issue('key-d');
    const { resolve } = keys({ 'key-d': true });
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(1) })).toEqual(claims);
    const elsewhere = tokenAudience('https://other.example');
    expect(await verifyAccessToken(token, resolve, { ...elsewhere, now: later(2) })).toBeUndefined();
  });

  it('never lets a token with an altered signature through, even after the genuine one was verified', async () => {
    const token = await issue('key-e');
    const { resolve } = keys({ 'key-e': true });
    expect(await verifyAccessToken(token, resolve, { ...audience, now: later(1) })).toEqual(claims);
    const [header, payload, signature = ''] = token.split('.');
    const altered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifyAccessToken(altered, resolve, { ...audience, now: later(2) })).toBeUndefined();
  });
});
