import type { ContractDiffPart } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { sideBySide } from './diff-rows';

const part = (
  kind: ContractDiffPart['kind'],
  text: string,
  fromLine: number | null,
  toLine: number | null,
): ContractDiffPart => ({
  kind,
  text,
  lineCount: text.replace(/\n$/, '').split('\n').length,
  fromLine,
  toLine,
});

describe('sideBySide', () => {
  it('puts a replacement next to what it replaced and pads the shorter side', () => {
    const rows = sideBySide([
      part('unchanged', '# Līgums\n', 1, 1),
      part('removed', 'Maksa 2 EUR\n', 2, null),
      part('added', 'Maksa 3 EUR\nSamaksa mēnesī\n', null, 2),
      part('unchanged', 'Beigas', 3, 4),
    ]);
    expect(rows).toEqual([
      {
        left: { kind: 'unchanged', line: 1, text: '# Līgums' },
        right: { kind: 'unchanged', line: 1, text: '# Līgums' },
      },
      {
        left: { kind: 'removed', line: 2, text: 'Maksa 2 EUR' },
        right: { kind: 'added', line: 2, text: 'Maksa 3 EUR' },
      },
      { left: { kind: 'empty' }, right: { kind: 'added', line: 3, text: 'Samaksa mēnesī' } },
      {
        left: { kind: 'unchanged', line: 3, text: 'Beigas' },
        right: { kind: 'unchanged', line: 4, text: 'Beigas' },
      },
    ]);
  });

  it('shows a lone removal or addition against a blank cell', () => {
    expect(
      sideBySide([
        part('removed', 'a\n', 1, null),
        part('unchanged', 'b', 2, 1),
        part('added', 'c', null, 2),
      ]),
    ).toEqual([
      { left: { kind: 'removed', line: 1, text: 'a' }, right: { kind: 'empty' } },
      { left: { kind: 'unchanged', line: 2, text: 'b' }, right: { kind: 'unchanged', line: 1, text: 'b' } },
      { left: { kind: 'empty' }, right: { kind: 'added', line: 2, text: 'c' } },
    ]);
  });
});
