import type { ContractDiffPart } from '@fpr/contract';
import { type Change, diffLines } from 'diff';

export interface LineDiff {
  parts: ContractDiffPart[];
  addedLines: number;
  removedLines: number;
}

/**
 * Beyond this many changed lines the diff gives up and shows the old text removed and the new one
 * added: two unrelated 200 kB texts would otherwise keep the event loop busy for seconds (this bound
 * keeps the worst case near 0.2 s).
 */
export const maxEditLength = 1000;

/** A line diff of two versions, every line of both texts in order. */
export function diffTexts(fromText: string, toText: string): LineDiff {
  const changes = diffLines(fromText, toText, { maxEditLength }) ?? wholesaleChange(fromText, toText);
  return toLineDiff(changes);
}

/** Side by side needs line numbers: each part says where it starts in the older and the newer text. */
export function toLineDiff(changes: readonly Change[]): LineDiff {
  const parts: ContractDiffPart[] = [];
  let fromLine = 1;
  let toLine = 1;
  for (const change of changes) {
    if (change.count === 0) continue;
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'unchanged';
    parts.push({
      kind,
      text: change.value,
      lineCount: change.count,
      fromLine: kind === 'added' ? null : fromLine,
      toLine: kind === 'removed' ? null : toLine,
    });
    if (kind !== 'added') fromLine += change.count;
    if (kind !== 'removed') toLine += change.count;
  }
  return {
    parts,
    addedLines: sumLines(parts, 'added'),
    removedLines: sumLines(parts, 'removed'),
  };
}

function sumLines(parts: readonly ContractDiffPart[], kind: ContractDiffPart['kind']): number {
  return parts.filter((part) => part.kind === kind).reduce((sum, part) => sum + part.lineCount, 0);
}

function wholesaleChange(fromText: string, toText: string): Change[] {
  return [
    { value: fromText, added: false, removed: true, count: countLines(fromText) },
    { value: toText, added: true, removed: false, count: countLines(toText) },
  ];
}

/** Lines as the line diff counts them: a final line break does not start another line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}
