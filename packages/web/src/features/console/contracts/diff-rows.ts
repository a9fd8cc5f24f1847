import type { ContractDiffPart } from '@fpr/contract';

export type DiffCell =
  | { kind: 'unchanged' | 'removed' | 'added'; line: number; text: string }
  | { kind: 'empty' };

export interface DiffRow {
  left: DiffCell;
  right: DiffCell;
}

function linesOf(part: ContractDiffPart): string[] {
  return part.text.replace(/\n$/, '').split('\n');
}

/**
 * The API's line diff laid out side by side: unchanged lines on both sides, a removal next to the
 * addition that replaced it, and a blank cell where one side has nothing.
 */
export function sideBySide(parts: readonly ContractDiffPart[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    if (part === undefined) continue;
    if (part.kind === 'unchanged') {
      linesOf(part).forEach((text, offset) => {
        rows.push({
          left: { kind: 'unchanged', line: (part.fromLine ?? 0) + offset, text },
          right: { kind: 'unchanged', line: (part.toLine ?? 0) + offset, text },
        });
      });
      continue;
    }
    const next = parts[index + 1];
    const removed = part.kind === 'removed' ? part : undefined;
    const added = part.kind === 'added' ? part : next?.kind === 'added' ? next : undefined;
    if (removed && added) index += 1;
    rows.push(...pairUp(removed, added));
  }
  return rows;
}

function pairUp(removed: ContractDiffPart | undefined, added: ContractDiffPart | undefined): DiffRow[] {
  const left = removed ? linesOf(removed) : [];
  const right = added ? linesOf(added) : [];
  return Array.from({ length: Math.max(left.length, right.length) }, (_, offset) => ({
    left:
      offset < left.length
        ? { kind: 'removed', line: (removed?.fromLine ?? 0) + offset, text: left[offset] ?? '' }
        : { kind: 'empty' },
    right:
      offset < right.length
        ? { kind: 'added', line: (added?.toLine ?? 0) + offset, text: right[offset] ?? '' }
        : { kind: 'empty' },
  }));
}
