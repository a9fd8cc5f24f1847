import { type LoggerOptions, stdSerializers } from 'pino';
import type { LogLevel } from '../config';
import { pathOf } from '../http/request-path';

/**
 * Personal codes: 6 digits, optional hyphen, 5 digits. Bounded by non-digits rather than `\b`, so
 * a code glued to letters (`id01019010415`, or `\n` escaped as `\\n` in a JSON line) is caught too.
 */
const personalCodePattern = /(?<!\d)\d{6}-?\d{5}(?!\d)/g;

/** Replaces every personal code in a text with `******-*****`: not even the birth date survives. */
export function maskPersonalCodes(text: string): string {
  return text.replace(personalCodePattern, '******-*****');
}

/** A JSON string literal inside a serialised log line (escapes included). */
const jsonString = /"(?:[^"\\]|\\.)*"/g;

/**
 * The last step before a line is written: masks codes in every string of it — message, error
 * stack, any field at any depth — so no code path can forget. Only string literals are touched,
 * so the line stays valid JSON.
 */
export function maskLogLine(line: string): string {
  return line.replace(jsonString, (literal) => maskPersonalCodes(literal));
}

const secretKeys = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-admin-secret',
  'password',
  'newPassword',
  'secret',
  'clientSecret',
  'client_secret',
  'client_assertion',
  'totpCode',
  'totpSecret',
  'privateKeyJwk',
  'accessToken',
  'access_token',
]);

const censor = '[redacted]';
/** Secret-bearing keys are looked for at the top level and up to three levels down. */
const deepestLevel = 3;

/**
 * The log object with every secret-bearing key's value replaced, at the top level and up to three
 * levels down (headers, bodies, errors). Copy on write: objects without secrets are returned as
 * they are, and a copy keeps its prototype (an error stays an error). Pino's own `redact` did this
 * with wildcard paths, at 70–120 µs per line — about a tenth of a person query's server CPU; this
 * walk costs a few µs. Buffers are not walked.
 */
export function redactSecrets<T>(value: T, level = 0): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const inner = source[key];
    const replaced = redactedValue(key, inner, level);
    if (replaced === inner) continue;
    copy ??= writableCopy(source);
    copy[key] = replaced;
  }
  return (copy ?? value) as T;
}

function redactedValue(key: string, value: unknown, level: number): unknown {
  if (secretKeys.has(key)) return censor;
  return level < deepestLevel ? redactSecrets(value, level + 1) : value;
}

/** A shallow copy with the same prototype whose every own property can be set (a logger must not throw). */
function writableCopy(source: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(source)) return source.slice() as unknown as Record<string, unknown>;
  const descriptors = Object.getOwnPropertyDescriptors(source);
  for (const descriptor of Object.values(descriptors)) {
    descriptor.configurable = true;
    if (!('get' in descriptor) && !('set' in descriptor)) descriptor.writable = true;
  }
  return Object.create(Object.getPrototypeOf(source), descriptors);
}

/**
 * Request logs carry method and path only: query strings and headers can hold anything. Whatever
 * is logged under `req` arrives here, so nothing about its shape is assumed (a logger must not throw).
 */
function serializeRequest(request: unknown): Record<string, unknown> {
  if (request === null || typeof request !== 'object') return {};
  const { method, url, ip } = request as Partial<Record<'method' | 'url' | 'ip', unknown>>;
  return {
    method: typeof method === 'string' ? method : undefined,
    url: typeof url === 'string' ? pathOf(url) : undefined,
    remoteAddress: typeof ip === 'string' ? ip : undefined,
  };
}

/** Pino options shared by the server and its tools; masking and redaction are not optional. */
export function createLoggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    formatters: { log: redactSecrets },
    serializers: { req: serializeRequest, err: stdSerializers.err },
    hooks: { streamWrite: maskLogLine },
  };
}
