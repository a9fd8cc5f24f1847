import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets for `client_secret_basic`. A secret is 256 random bits, so a plain sha256 digest
 * cannot be reversed by guessing (unlike a password) and the check stays fast on every token request.
 */

const prefix = 'sha256:';

/** A new secret, shown once: 43 URL-safe characters. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new client id: opaque and random, 24 URL-safe characters. */
export function generateClientId(): string {
  return randomBytes(18).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return `${prefix}${digest(secret).toString('hex')}`;
}

/** Constant-time: compares digests of equal length whatever was presented. */
export function isClientSecretCorrect(storedHash: string, presented: string): boolean {
  if (!storedHash.startsWith(prefix)) return false;
  const expected = Buffer.from(storedHash.slice(prefix.length), 'hex');
  const actual = digest(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export interface BasicCredentials {
  clientId: string;
  secret: string;
}

/**
 * Reads `Authorization: Basic …` as RFC 6749 §2.3.1 defines it for OAuth: the client id and secret
 * are form-url-encoded before base64. Undefined when the header is absent or not Basic.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1000})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  try {
    const clientId = decodeFormComponent(decoded.slice(0, colon));
    const secret = decodeFormComponent(decoded.slice(colon + 1));
    return secret === '' ? undefined : { clientId, secret };
  } catch {
    return undefined;
  }
}

function decodeFormComponent(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

/** Whether the request carries a Basic header at all (then it must be the only credential). */
export function hasBasicAuthorization(header: string | undefined): boolean {
  return /^Basic\s/i.test(header?.trim() ?? '');
}
