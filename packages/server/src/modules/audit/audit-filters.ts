import { type InvalidParam, parsePersonalCode } from '@fpr/contract';
import { isCalendarDate } from '../calendar/working-days';
import type { AuditPosition } from './audit.repository';

/** The filters of an access-log read after the checks the schema cannot make. */
export interface CheckedAuditFilters {
  fromDay?: string;
  toDay?: string;
  before?: AuditPosition;
  /** Canonical, with the hyphen. */
  personalCode?: string;
}

export type AuditFilterOutcome =
  | { ok: true; value: CheckedAuditFilters }
  | { ok: false; issues: InvalidParam[] };

/**
 * Checks what the schema leaves open, all at once: real calendar days in order, a cursor this
 * server issued, a personal code with a valid date, century and check digit.
 */
export function checkAuditFilters(input: {
  from?: string;
  to?: string;
  cursor?: string;
  personalCode?: string;
}): AuditFilterOutcome {
  const issues: InvalidParam[] = [];
  const fromDay = checkedDay(input.from, 'from', issues);
  const toDay = checkedDay(input.to, 'to', issues);
  if (fromDay !== undefined && toDay !== undefined && toDay < fromDay)
    issues.push({ name: 'to', code: 'dateOrder', reason: 'must not be before from' });
  const before = input.cursor === undefined ? undefined : decodeAuditCursor(input.cursor);
  if (before === null)
    issues.push({ name: 'cursor', code: 'malformed', reason: 'is not a cursor this service issued' });
  const personalCode = checkedPersonalCode(input.personalCode, 'personalCode', issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { fromDay, toDay, before: before ?? undefined, personalCode } };
}

function checkedDay(value: string | undefined, name: string, issues: InvalidParam[]): string | undefined {
  if (value === undefined) return undefined;
  if (isCalendarDate(value)) return value;
  issues.push({ name, code: 'date', reason: 'must be a real calendar date, YYYY-MM-DD' });
  return undefined;
}

/** The canonical code, or undefined with an issue that names the rule (never the code). */
export function checkedPersonalCode(
  value: string | undefined,
  name: string,
  issues: InvalidParam[],
): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parsePersonalCode(value);
  if (parsed.ok) return parsed.code;
  issues.push({ name, code: parsed.issue, reason: parsed.reason });
  return undefined;
}

const storedInstant = /^(19|2\d)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Up to 18 digits: always inside PostgreSQL's bigint, so the database never sees an overflow.
const recordId = /^[1-9]\d{0,17}$/;

/** An opaque page cursor: the last record of a page. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one `encodeAuditCursor` could have made. */
export function decodeAuditCursor(cursor: string): AuditPosition | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return null;
  const [occurredAt, id] = decoded;
  if (typeof occurredAt !== 'string' || !isStoredInstant(occurredAt)) return null;
  if (typeof id !== 'string' || !recordId.test(id)) return null;
  return { occurredAt, id };
}

/** UTC text with microseconds naming a real instant (no 31 February, no hour 24). */
function isStoredInstant(text: string): boolean {
  if (!storedInstant.test(text)) return false;
  const toMilliseconds = `${text.slice(0, 23)}Z`;
  const parsed = Date.parse(toMilliseconds);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString() === toMilliseconds;
}
