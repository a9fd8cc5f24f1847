import { isScopeName, monitoringBatchLimit, type ScopeName } from '@fpr/contract';

/** Scopes a purpose grants whole, or in part through single `scope.field` grants. */
export function grantedScopes(purpose: {
  scopes: readonly string[];
  fields: readonly string[];
}): Set<string> {
  const granted = new Set<string>(purpose.scopes);
  for (const path of purpose.fields) granted.add(path.split('.')[0] ?? '');
  return granted;
}

/** The changed scopes a purpose may see, in the event's order; none means the change is not delivered. */
export function visibleScopes(changed: readonly string[], granted: ReadonlySet<string>): ScopeName[] {
  return changed.filter((scope): scope is ScopeName => isScopeName(scope) && granted.has(scope));
}

/** A half-open range of feed positions (from, through]. */
export interface SequenceRange {
  from: bigint;
  through: bigint;
}

/** The parts of `range` no delivered range covers, ascending: there the page delivers for the first time. */
export function uncoveredParts(range: SequenceRange, delivered: readonly SequenceRange[]): SequenceRange[] {
  const parts: SequenceRange[] = [];
  let cursor = range.from;
  for (const covered of [...delivered].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    if (covered.through <= cursor) continue;
    if (covered.from >= range.through) break;
    if (covered.from > cursor) parts.push({ from: cursor, through: covered.from });
    cursor = covered.through;
  }
  if (cursor < range.through) parts.push({ from: cursor, through: range.through });
  return parts;
}

export function isInside(sequence: bigint, parts: readonly SequenceRange[]): boolean {
  return parts.some((part) => sequence > part.from && sequence <= part.through);
}

/** `range` joined with every delivered range it overlaps or touches: what to store instead of them. */
export function mergedRange(range: SequenceRange, delivered: readonly SequenceRange[]): SequenceRange {
  let { from, through } = range;
  for (const other of delivered) {
    if (other.through < from || other.from > through) continue;
    if (other.from < from) from = other.from;
    if (other.through > through) through = other.through;
  }
  return { from, through };
}

/** The subscription list's cursor: the last subscription id of a page, opaque to clients. */
export function encodeListCursor(subscriptionId: string): string {
  return Buffer.from(`s:${subscriptionId}`).toString('base64url');
}

export function decodeListCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:([1-9]\d{0,17})$/.exec(text);
  return match?.[1];
}

export interface UploadLine {
  line: number;
  personalCode: string;
}

export type UploadParse =
  | { ok: true; lines: UploadLine[] }
  | { ok: false; reason: 'empty' | 'tooManyCodes' | 'lineTooLong' };

const maxLineLength = 100;
// A first line holding letters but no code is a column header ("personas kods", "personal_code").
const headerLine = /^[^\d]*[A-Za-zĀ-ž][^\d]*$/;

/**
 * Reads an upload of personal codes, one per line as PMLP's bulk service takes them: a byte-order
 * mark, CRLF or CR line ends, blank lines, a header line, quotes and a trailing separator are
 * tolerated; anything else on a line stays part of the code (and is then `invalid`).
 */
export function parseCodeUpload(text: string): UploadParse {
  const lines: UploadLine[] = [];
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of rows.entries()) {
    if (raw.length > maxLineLength) return { ok: false, reason: 'lineTooLong' };
    const value = raw
      .trim()
      .replace(/[;,]$/, '')
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (value === '') continue;
    if (lines.length === 0 && headerLine.test(value)) continue;
    lines.push({ line: index + 1, personalCode: value });
    if (lines.length > monitoringBatchLimit) return { ok: false, reason: 'tooManyCodes' };
  }
  return lines.length === 0 ? { ok: false, reason: 'empty' } : { ok: true, lines };
}
