import { isIP } from 'node:net';
import type { Environment } from '@fpr/contract';
import ipaddr from 'ipaddr.js';
import type { InvalidParam } from '../../http/problem';

/**
 * Webhook URLs are a server-side request forgery risk (THREATS): the server would POST wherever a
 * requester points it. Production delivers only over `https://` to public unicast addresses; the
 * test environment may also use the requester's own machine (`localhost`, `127.0.0.1`), over plain
 * `http://` too. A host name is checked again after DNS resolution, at every delivery.
 */
export function webhookUrlProblems(value: unknown, environment: Environment): InvalidParam[] {
  if (typeof value !== 'string') return [];
  const url = parseAbsoluteUrl(value);
  if (!url) return [urlProblem('malformed', 'is not an absolute URL')];
  if (url.username !== '' || url.password !== '')
    return [urlProblem('credentials', 'must not carry a user name or password')];
  const host = hostOf(url);
  if (url.protocol === 'http:') {
    if (environment === 'test' && isLoopbackHost(host)) return [];
    return [urlProblem('scheme', schemeRule(environment))];
  }
  if (url.protocol !== 'https:') return [urlProblem('scheme', schemeRule(environment))];
  if (
    isLoopbackHost(host) ? environment !== 'test' : isIP(host) !== 0 && !isAddressAllowed(host, environment)
  )
    return [urlProblem('address', 'must point to a public address')];
  return [];
}

/** Whether a delivery may connect to a resolved address: public unicast, or loopback in test. */
export function isAddressAllowed(address: string, environment: Environment): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  return range === 'unicast' || (environment === 'test' && range === 'loopback');
}

/** The host of a URL as a resolver or `isIP` takes it: IPv6 literals lose their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && ipaddr.process(host).range() === 'loopback';
}

function parseAbsoluteUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function schemeRule(environment: Environment): string {
  return environment === 'test'
    ? 'must be https://, or http:// to localhost or 127.0.0.1'
    : 'must be https:// in production';
}

function urlProblem(code: string, reason: string): InvalidParam {
  return { name: 'url', code, reason };
}
