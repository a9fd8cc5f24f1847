import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, idempotencyExpiry, requestFingerprint } from './idempotency-key';

const path = '/api/v1/persons/query';

describe('requestFingerprint', () => {
  it('ignores the order of object keys at every depth', () => {
    const a = requestFingerprint({
      method: 'POST',
      path,
      body: { type: 'x', fields: ['a', 'b'], n: { y: 1, z: 2 } },
    });
    const b = requestFingerprint({
      method: 'post',
      path,
      body: { n: { z: 2, y: 1 }, fields: ['a', 'b'], type: 'x' },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another body', { method: 'POST', path, body: { fields: ['a'] } }],
    ['another array order', { method: 'POST', path, body: { fields: ['b', 'a'] } }],
    ['another path', { method: 'POST', path: '/api/v1/other', body: { fields: ['a', 'b'] } }],
    ['another method', { method: 'PUT', path, body: { fields: ['a', 'b'] } }],
    ['a number as text', { method: 'POST', path, body: { fields: ['a', 'b'], limit: '1' } }],
  ])('differs for %s', (_label, other) => {
    const original = requestFingerprint({ method: 'POST', path, body: { fields: ['a', 'b'] } });
    const withLimit = requestFingerprint({ method: 'POST', path, body: { fields: ['a', 'b'], limit: 1 } });
    const fingerprint = requestFingerprint(other);
    expect(fingerprint).not.toBe(original);
    expect(fingerprint).not.toBe(withLimit);
  });

  it('is stable for any JSON value however its keys were ordered', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (body) => {
        const reversed = Object.fromEntries(Object.entries(body).reverse());
        expect(requestFingerprint({ method: 'POST', path, body: reversed })).toBe(
          requestFingerprint({ method: 'POST', path, body }),
        );
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys, keeps arrays in order and drops undefined members', () => {
    expect(canonicalJson({ b: [3, 1, { d: 1, c: 2 }], a: undefined, c: null })).toBe(
      '{"b":[3,1,{"c":2,"d":1}],"c":null}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('idempotencyExpiry', () => {
  it('is 24 hours before now', () => {
    expect(idempotencyExpiry(new Date('2026-03-10T12:00:00Z')).toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
  });
});
