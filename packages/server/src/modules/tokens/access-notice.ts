/**
 * What a `pg_notify('fpr_access', …)` says changed. The notice only names the thing; a listener reads
 * its current state from the database, so notices may be repeated or reordered without harm.
 */
export type AccessNotice =
  | { kind: 'connection'; connectionId: string }
  | { kind: 'client'; clientId: string }
  | { kind: 'signingKeys' };

export const accessChannel = 'fpr_access';

export function encodeNotice(notice: AccessNotice): string {
  return JSON.stringify(notice);
}

/** Undefined for anything this version does not understand (a newer server may send more kinds). */
export function decodeNotice(payload: string | undefined): AccessNotice | undefined {
  const value = parseObject(payload);
  if (value === undefined) return undefined;
  if (value.kind === 'connection' && typeof value.connectionId === 'string')
    return { kind: 'connection', connectionId: value.connectionId };
  if (value.kind === 'client' && typeof value.clientId === 'string')
    return { kind: 'client', clientId: value.clientId };
  if (value.kind === 'signingKeys') return { kind: 'signingKeys' };
  return undefined;
}

function parseObject(payload: string | undefined): Record<string, unknown> | undefined {
  if (payload === undefined || payload.length > 8000) return undefined;
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
