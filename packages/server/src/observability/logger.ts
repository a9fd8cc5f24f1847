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

const secretKeys = [
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
];

/** Secret-bearing keys at the top level and up to three levels down (headers, bodies, errors). */
export const redactedPaths: string[] = secretKeys.flatMap((key) => {
  const member = /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `["${key}"]`;
  return ['', '*', '*.*', '*.*.*'].map((prefix) =>
    prefix === '' ? member.replace(/^\./, '') : `${prefix}${member}`,
  );
});

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
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest, err: stdSerializers.err },
    hooks: { streamWrite: maskLogLine },
  };
}
