import { describe, expect, it } from 'vitest';
import { checkCidr, createAddressMatcher, invalidAllowListParams, normaliseAllowList } from './ip-allow-list';

describe('checkCidr', () => {
  it.each<[string, string]>([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.0.2.7', '192.0.2.7/32'],
    ['192.0.2.7/32', '192.0.2.7/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    ['::/0', '::/0'],
    ['2001:db8:0:0:0:0:0:0/64', '2001:db8:0:0:0:0:0:0/64'],
    ['::ffff:192.0.2.0/120', '::ffff:192.0.2.0/120'],
  ])('accepts %s as %s', (input, cidr) => {
    expect(checkCidr(input)).toEqual({ ok: true, cidr });
  });

  it.each<[string, string]>([
    ['10.0.0.1/8', 'hostBitsSet'],
    ['192.0.2.128/24', 'hostBitsSet'],
    ['2001:db8::1/64', 'hostBitsSet'],
    ['::ffff:192.0.2.1/120', 'hostBitsSet'],
    ['10.0.0.0/33', 'prefixLength'],
    ['2001:db8::/129', 'prefixLength'],
    ['300.1.1.1/32', 'malformed'],
    ['10.0.0/8', 'malformed'],
    ['10.0.0.0/8/8', 'malformed'],
    ['10.0.0.0/', 'malformed'],
    ['2001:db8:::/32', 'malformed'],
    ['not-an-address', 'malformed'],
  ])('refuses %s (%s)', (input, code) => {
    expect(checkCidr(input)).toMatchObject({ ok: false, code });
  });
});

describe('invalidAllowListParams', () => {
  it('names every invalid entry by its index', () => {
    expect(invalidAllowListParams(['10.0.0.0/8', '10.0.0.1/8', '192.0.2.0/24', 'x'])).toEqual([
      { name: 'ipAllowList[1]', code: 'hostBitsSet', reason: expect.any(String) },
      { name: 'ipAllowList[3]', code: 'malformed', reason: expect.any(String) },
    ]);
    expect(invalidAllowListParams([])).toEqual([]);
  });

  it('never repeats the submitted value in a reason', () => {
    for (const param of invalidAllowListParams(['10.9.9.9/8', '999.1.1.1']))
      expect(param.reason).not.toMatch(/10\.9|999/);
  });
});

describe('normaliseAllowList', () => {
  it('stores address/prefix in lower case without duplicates', () => {
    expect(normaliseAllowList(['192.0.2.1', '192.0.2.1/32', '2001:DB8::/32'])).toEqual([
      '192.0.2.1/32',
      '2001:db8::/32',
    ]);
  });
});

describe('createAddressMatcher', () => {
  it('admits any address when the list is empty', () => {
    const matches = createAddressMatcher([]);
    expect(matches('203.0.113.9')).toBe(true);
    expect(matches('2001:db8::1')).toBe(true);
  });

  it.each<[string, boolean]>([
    ['10.1.2.3', true],
    ['11.0.0.1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['::ffff:10.200.0.1', true],
    ['::ffff:172.16.0.1', false],
    ['2001:db8:ffff::1', true],
    ['2001:db9::1', false],
    ['not-an-ip', false],
  ])('checks %s → %s', (ip, expected) => {
    const matches = createAddressMatcher(['10.0.0.0/8', '192.0.2.7/32', '2001:db8::/32']);
    expect(matches(ip)).toBe(expected);
  });
});
