import type { ContractDiffPart } from '@fpr/contract';

/** One line of one side: its number in that version and its text. */
export interface SideLine {
  number: number;
  text: string;
}

export type RowKind = 'unchanged' | 'changed' | 'removed' | 'added';

/** A row of the side-by-side view: the older version's line on the left, the newer's on the right. */
export interface DiffRow {
  kind: RowKind;
  left: SideLine | null;
  right: SideLine | null;
}

function linesOf(part: ContractDiffPart): string[] {
  const lines = part.text.split(/\r\n|\r|\n/);
  // A part's lines each end with a line break except the last: a trailing break adds no line.
  if (lines.length > part.lineCount) lines.length = part.lineCount;
  return lines;
}

function sideLines(part: ContractDiffPart, first: number | null): SideLine[] {
  return linesOf(part).map((text, index) => ({ number: (first ?? 1) + index, text }));
}

/**
 * Lays the server's line diff out in two columns. A removal followed by an addition is a change:
 * their lines share rows, so the reader sees the old wording beside the new.
 */
export function sideBySideRows(parts: readonly ContractDiffPart[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as ContractDiffPart;
    if (part.kind === 'unchanged') {
      const left = sideLines(part, part.fromLine);
      const right = sideLines(part, part.toLine);
      rows.push(
        ...left.map((line, at) => ({ kind: 'unchanged' as const, left: line, right: right[at] ?? null })),
      );
      continue;
    }
    if (part.kind === 'added') {
      for (const line of sideLines(part, part.toLine)) rows.push({ kind: 'added', left: null, right: line });
      continue;
    }
    const next = parts[index + 1];
    const removed = sideLines(part, part.fromLine);
    const added = next?.kind === 'added' ? sideLines(next, next.toLine) : [];
    if (added.length > 0) index++;
    rows.push(...pair(removed, added));
  }
  return rows;
}

function pair(removed: SideLine[], added: SideLine[]): DiffRow[] {
  const count = Math.max(removed.length, added.length);
  return Array.from({ length: count }, (_, at) => {
    const left = removed[at] ?? null;
    const right = added[at] ?? null;
    const kind: RowKind = left && right ? 'changed' : left ? 'removed' : 'added';
    return { kind, left, right };
  });
}
