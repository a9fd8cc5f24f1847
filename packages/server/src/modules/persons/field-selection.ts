import { type InvalidParam, isScopeName, type ScopeName, scopeFields } from '@fpr/contract';

/** What to deliver per scope: every field of it, or the listed ones. */
export type FieldSelection = Map<ScopeName, 'all' | Set<string>>;

export interface ParsedFields {
  readonly selection: FieldSelection;
  /** The canonical `scope.field` paths the selection delivers, sorted (the audit's "fields delivered"). */
  readonly paths: readonly string[];
  invalidParams: InvalidParam[];
}

// Organisations send the same few field lists again and again: a valid list's reading is kept
// (read-only, as every caller treats it), so a query does not rebuild and sort its paths twice.
const validReadings = new Map<string, ParsedFields>();
const maxKeptReadings = 1_000;

/**
 * Reads the `fields` parameter: scope names and `scope.field` paths of the catalogue. Each unknown
 * entry is its own invalid parameter, named by its index.
 */
export function parseFields(fields: readonly string[]): ParsedFields {
  const key = JSON.stringify(fields);
  const kept = validReadings.get(key);
  if (kept) return kept;
  const reading = readFields(fields);
  if (reading.invalidParams.length === 0) {
    if (validReadings.size >= maxKeptReadings) validReadings.clear();
    validReadings.set(key, reading);
  }
  return reading;
}

function readFields(fields: readonly string[]): ParsedFields {
  const selection: FieldSelection = new Map();
  const invalidParams: InvalidParam[] = [];
  fields.forEach((entry, index) => {
    const [scope = '', field] = entry.split('.');
    if (!isScopeName(scope)) {
      invalidParams.push({ name: `fields[${index}]`, code: 'unknownScope', reason: 'No such scope.' });
      return;
    }
    if (field === undefined) {
      selection.set(scope, 'all');
      return;
    }
    if (!(scopeFields[scope] as readonly string[]).includes(field)) {
      invalidParams.push({
        name: `fields[${index}]`,
        code: 'unknownField',
        reason: 'No such field in this scope.',
      });
      return;
    }
    const current = selection.get(scope);
    if (current === 'all') return;
    selection.set(scope, (current ?? new Set<string>()).add(field));
  });
  return { selection, paths: pathsOf(selection), invalidParams };
}

function pathsOf(selection: FieldSelection): string[] {
  return [...selection.entries()]
    .flatMap(([scope, fields]) =>
      (fields === 'all' ? scopeFields[scope] : [...fields]).map((field) => `${scope}.${field}`),
    )
    .sort();
}
