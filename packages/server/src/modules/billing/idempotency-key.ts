import { createHash } from 'node:crypto';

/** API §1: a key answers its retries for a day; after that it may name a new operation. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

/** Records created at or before this instant have expired. */
export function idempotencyExpiry(now: Date): Date {
  return new Date(now.getTime() - idempotencyKeyLifetimeMs);
}

/**
 * What a key is bound to: sha256 of the method, the path and the body in canonical JSON (object
 * keys sorted), so a retry that serialises the same body differently is still the same request.
 */
export function requestFingerprint(request: { method: string; path: string; body: unknown }): string {
  return createHash('sha256')
    .update(`${request.method.toUpperCase()}\n${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

/** JSON with object keys in code-point order at every depth; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, member]) => [key, sortKeys(member)]));
}
