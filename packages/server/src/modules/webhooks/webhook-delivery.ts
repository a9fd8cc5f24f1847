import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Environment } from '@fpr/contract';
import { hostOf, isAddressAllowed } from './webhook-url';

export interface NudgeTarget {
  url: string;
  /** The HMAC key, opened from its seal just for this attempt. */
  secret: string;
  environment: Environment;
}

export interface DeliveryOutcome {
  /** Null when no answer came. */
  statusCode: number | null;
  /** Null when the receiver answered 2xx. */
  error: string | null;
  durationMs: number;
}

/** `sha256=<hex HMAC-SHA256 of the exact body>`, the `X-Signature` header of a nudge. */
export function signNudge(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * POSTs one nudge. Redirects are refused, not followed (a receiver could otherwise point the server
 * anywhere); every address the host resolves to must be allowed for the environment, checked at
 * connection time, so a name that later resolves into a private network is refused too.
 */
export async function postNudge(
  target: NudgeTarget,
  body: string,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  const started = performance.now();
  let outcome: Omit<DeliveryOutcome, 'durationMs'>;
  try {
    const statusCode = await send(target, body, timeoutMs);
    outcome = { statusCode, error: refusalOf(statusCode) };
  } catch (error) {
    outcome = { statusCode: null, error: describeFailure(error, timeoutMs) };
  }
  return { ...outcome, durationMs: Math.round(performance.now() - started) };
}

function send(target: NudgeTarget, body: string, timeoutMs: number): Promise<number> {
  const url = new URL(target.url);
  const host = hostOf(url);
  // An address literal is connected to without a lookup, so it is judged here.
  if (isIP(host) !== 0 && !isAddressAllowed(host, target.environment))
    return Promise.reject(new RefusedAddress());
  const options: RequestOptions = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'user-agent': 'FPR-Online-Webhook/1',
      'x-signature': signNudge(body, target.secret),
    },
    lookup: allowedLookup(target.environment),
    signal: AbortSignal.timeout(timeoutMs),
    agent: false,
  };
  const request: ClientRequest = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options);
  return new Promise((resolve, reject) => {
    request.on('response', (response) => {
      // Only the status matters; the connection is not kept.
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(body);
  });
}

class RefusedAddress extends Error {
  constructor() {
    super('the host resolves to an address that is not allowed');
    this.name = 'RefusedAddress';
  }
}

function allowedLookup(environment: Environment): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const first = addresses[0];
      if (!first || addresses.some((entry) => !isAddressAllowed(entry.address, environment)))
        return callback(new RefusedAddress(), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

function refusalOf(statusCode: number): string | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return `redirect refused (HTTP ${statusCode})`;
  return `HTTP ${statusCode}`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof RefusedAddress) return error.message;
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  return (code ?? message ?? 'request failed').slice(0, 200);
}
