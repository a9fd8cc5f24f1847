import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAuditFilters, decodeAuditCursor, encodeAuditCursor } from './audit-filters';

describe('checkAuditFilters', () => {
  it('passes valid filters through, the personal code made canonical', () => {
    const cursor = encodeAuditCursor({ occurredAt: '2026-11-27T10:00:00.123456Z', id: '42' });
    expect(
      checkAuditFilters({ from: '2026-02-28', to: '2026-03-01', cursor, personalCode: '01019010415' }),
    ).toEqual({
      ok: true,
      value: {
        fromDay: '2026-02-28',
        toDay: '2026-03-01',
        before: { occurredAt: '2026-11-27T10:00:00.123456Z', id: '42' },
        personalCode: '010190-10415',
      },
    });
    expect(checkAuditFilters({})).toEqual({ ok: true, value: {} });
  });

  it('lists every failing filter at once, naming the rule and never the value', () => {
    const outcome = checkAuditFilters({
      from: '2026-02-31',
      to: '2025-13-01',
      cursor: 'bm90LWEtY3Vyc29y',
      personalCode: '010190-10416',
    });
    expect(outcome).toEqual({
      ok: false,
      issues: [
        { name: 'from', code: 'date', reason: expect.any(String) },
        { name: 'to', code: 'date', reason: expect.any(String) },
        { name: 'cursor', code: 'malformed', reason: expect.any(String) },
        { name: 'personalCode', code: 'checksum', reason: expect.any(String) },
      ],
    });
    expect(JSON.stringify(outcome)).not.toContain('010190');
  });

  it.each([
    ['310290-10415', 'date'],
    ['010190-30415', 'century'],
    ['123', 'format'],
  ])('refuses the personal code %s for its %s', (personalCode, code) => {
    expect(checkAuditFilters({ personalCode })).toEqual({
      ok: false,
      issues: [{ name: 'personalCode', code, reason: expect.any(String) }],
    });
  });

  it('refuses a range that ends before it starts, and accepts a single day', () => {
    expect(checkAuditFilters({ from: '2026-03-02', to: '2026-03-01' })).toEqual({
      ok: false,
      issues: [{ name: 'to', code: 'dateOrder', reason: 'must not be before from' }],
    });
    expect(checkAuditFilters({ from: '2026-03-02', to: '2026-03-02' }).ok).toBe(true);
  });
});

describe('page cursors', () => {
  it('round-trip any position the database can hold', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }),
        (instant, micros, id) => {
          const occurredAt = instant.toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
          const position = { occurredAt, id: id.toString() };
          expect(decodeAuditCursor(encodeAuditCursor(position))).toEqual(position);
        },
      ),
    );
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['an impossible day', Buffer.from('["2026-02-31T10:00:00.000000Z","1"]').toString('base64url')],
    ['hour 24', Buffer.from('["2026-02-01T24:00:00.000000Z","1"]').toString('base64url')],
    [
      'a bigint overflow',
      Buffer.from('["2026-02-01T10:00:00.000000Z","9999999999999999999"]').toString('base64url'),
    ],
    ['a negative id', Buffer.from('["2026-02-01T10:00:00.000000Z","-1"]').toString('base64url')],
    ['a number id', Buffer.from('["2026-02-01T10:00:00.000000Z",1]').toString('base64url')],
  ])('refuse %s', (_label, cursor) => {
    expect(decodeAuditCursor(cursor)).toBeNull();
  });
});
