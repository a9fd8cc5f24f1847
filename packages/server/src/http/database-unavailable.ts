/**
 * Recognises errors that mean "the database cannot be reached right now" (as opposed to a bug or
 * a bad statement), so that they answer 503 and clients retry instead of reporting a defect.
 */

/** Socket errors and PostgreSQL's connection-exception (08…) and shutdown (57P0x) states. */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** pg-pool and pg report these without a code. */
const unavailableMessages = [/^Connection terminated/, /^timeout exceeded when trying to connect/i];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (hasUnavailableCode(error)) return true;
  if (unavailableMessages.some((pattern) => pattern.test(error.message))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of the per-address errors.
  const nested = error instanceof AggregateError ? [...error.errors, error.cause] : [error.cause];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

function hasUnavailableCode(error: Error): boolean {
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' && (unavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}
