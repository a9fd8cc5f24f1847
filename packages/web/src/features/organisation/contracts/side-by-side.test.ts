import type { ContractDiffPart } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { sideBySideRows } from './side-by-side';

function part(kind: ContractDiffPart['kind'], text: string, fromLine: number | null, toLine: number | null) {
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { kind, text, lineCount, fromLine, toLine };
}

describe('sideBySideRows', () => {
  it('shows unchanged lines on both sides with their own numbers', () => {
    expect(sideBySideRows([part('unchanged', '# Līgums\nPuses\n', 1, 1)])).toEqual([
      { kind: 'unchanged', left: { number: 1, text: '# Līgums' }, right: { number: 1, text: '# Līgums' } },
      { kind: 'unchanged', left: { number: 2, text: 'Puses' }, right: { number: 2, text: 'Puses' } },
    ]);
  });

  it('pairs a removal with the addition after it as changed rows, the longer side running on', () => {
    const rows = sideBySideRows([
      part('unchanged', 'A\n', 1, 1),
      part('removed', 'old 1\n', 2, null),
      part('added', 'new 1\nnew 2\n', null, 2),
      part('unchanged', 'Z', 3, 4),
    ]);
    expect(
      rows.map((row) => [
        row.kind,
        row.left?.number ?? null,
        row.left?.text ?? null,
        row.right?.number ?? null,
        row.right?.text ?? null,
      ]),
    ).toEqual([
      ['unchanged', 1, 'A', 1, 'A'],
      ['changed', 2, 'old 1', 2, 'new 1'],
      ['added', null, null, 3, 'new 2'],
      ['unchanged', 3, 'Z', 4, 'Z'],
    ]);
  });

  it('keeps a lone removal or addition on its own side', () => {
    const rows = sideBySideRows([
      part('removed', 'gone\r\n', 1, null),
      part('unchanged', 'kept\n', 2, 1),
      part('added', 'more', null, 2),
    ]);
    expect(rows).toEqual([
      { kind: 'removed', left: { number: 1, text: 'gone' }, right: null },
      { kind: 'unchanged', left: { number: 2, text: 'kept' }, right: { number: 1, text: 'kept' } },
      { kind: 'added', left: null, right: { number: 2, text: 'more' } },
    ]);
  });

  it('keeps empty lines', () => {
    expect(sideBySideRows([part('added', '\n\n', null, 1)]).map((row) => row.right)).toEqual([
      { number: 1, text: '' },
      { number: 2, text: '' },
    ]);
  });
});
