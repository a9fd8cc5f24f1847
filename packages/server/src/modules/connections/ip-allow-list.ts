import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { InvalidParam } from '../../http/problem';

/**
 * A connection's IP allow-list: CIDR blocks checked exactly (the schema only admits what looks like
 * one), and a matcher for the caller's address. PostgreSQL's `cidr` refuses a block with host bits
 * set, so the refusal is made here first, with a reason the client can act on.
 */

export type CidrCheck = { ok: true; cidr: string } | { ok: false; code: string; reason: string };

export function checkCidr(text: string): CidrCheck {
  const [address = '', prefixText, ...rest] = text.split('/');
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined || rest.length > 0)
    return { ok: false, code: 'malformed', reason: 'is not an IPv4 or IPv6 address block' };
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))
    return { ok: false, code: 'malformed', reason: 'has a prefix length that is not a number' };
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return { ok: false, code: 'prefixLength', reason: `has a prefix length over ${bits}` };
  if (hasHostBits(addressValue(address, family), prefix, bits))
    return {
      ok: false,
      code: 'hostBitsSet',
      reason: 'has bits set right of the prefix; give the network address',
    };
  return { ok: true, cidr: `${address.toLowerCase()}/${prefix}` };
}

/**
 * Every invalid entry of a list, named with its index (`ipAllowList[2]`). Entries that are not
 * strings are the schema's to report.
 */
export function invalidAllowListParams(list: readonly unknown[], name = 'ipAllowList'): InvalidParam[] {
  return list.flatMap((entry, index) => {
    if (typeof entry !== 'string') return [];
    const check = checkCidr(entry);
    return check.ok ? [] : [{ name: `${name}[${index}]`, code: check.code, reason: check.reason }];
  });
}

/** The list in the form it is stored in: `address/prefix`, lower case, duplicates dropped. */
export function normaliseAllowList(list: readonly string[]): string[] {
  const blocks = list.map(checkCidr).flatMap((check) => (check.ok ? [check.cidr] : []));
  return [...new Set(blocks)];
}

/** Whether `ip` may call: an empty list admits any address. */
export type AddressMatcher = (ip: string) => boolean;

export function createAddressMatcher(cidrs: readonly string[]): AddressMatcher {
  if (cidrs.length === 0) return () => true;
  const blocks = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix = ''] = cidr.split('/');
    blocks.addSubnet(address, Number(prefix), isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return (ip) => {
    const address = unmapped(ip);
    if (isIPv4(address)) return blocks.check(address, 'ipv4');
    return isIPv6(address) && blocks.check(address, 'ipv6');
  };
}

/** A server listening on both stacks sees IPv4 callers as `::ffff:a.b.c.d`. */
function unmapped(ip: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return match?.[1] ?? ip;
}

function hasHostBits(value: bigint, prefix: number, bits: number): boolean {
  const hostBits = BigInt(bits - prefix);
  return (value & ((1n << hostBits) - 1n)) !== 0n;
}

function addressValue(address: string, family: 4 | 6): bigint {
  return family === 4 ? ipv4Value(address) : ipv6Value(address);
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** Node validated the address already; this only expands `::` and an embedded IPv4 tail. */
function ipv6Value(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const expand = (parts: string[]): bigint[] =>
    parts.flatMap((part) =>
      part.includes('.')
        ? [ipv4Value(part) >> 16n, ipv4Value(part) & 0xffffn]
        : [BigInt(Number.parseInt(part, 16))],
    );
  const left = expand(groups(head));
  const right = expand(groups(tail));
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<bigint>(missing).fill(0n), ...right];
  return all.reduce((value, group) => (value << 16n) | group, 0n);
}
