import { describe, expect, it } from 'vitest';
import { countLines, diffTexts, maxEditLength, toLineDiff } from './contract-diff';

describe('toLineDiff', () => {
  it('numbers each part in both texts', () => {
    const diff = toLineDiff([
      { value: 'a\nb\n', added: false, removed: false, count: 2 },
      { value: 'c\n', added: false, removed: true, count: 1 },
      { value: 'C\nD\n', added: true, removed: false, count: 2 },
      { value: 'e\n', added: false, removed: false, count: 1 },
    ]);
    expect(diff).toEqual({
      parts: [
        { kind: 'unchanged', text: 'a\nb\n', lineCount: 2, fromLine: 1, toLine: 1 },
        { kind: 'removed', text: 'c\n', lineCount: 1, fromLine: 3, toLine: null },
        { kind: 'added', text: 'C\nD\n', lineCount: 2, fromLine: null, toLine: 3 },
        { kind: 'unchanged', text: 'e\n', lineCount: 1, fromLine: 4, toLine: 5 },
      ],
      addedLines: 2,
      removedLines: 1,
    });
  });

  it('drops empty changes', () => {
    expect(toLineDiff([{ value: '', added: true, removed: false, count: 0 }]).parts).toEqual([]);
  });
});

describe('diffTexts', () => {
  it.each([
    ['identical', 'a\nb\n', 'a\nb\n', [['unchanged', 'a\nb\n']], 0, 0],
    [
      'a line changed',
      'a\nb\nc\n',
      'a\nB\nc\n',
      [
        ['unchanged', 'a\n'],
        ['removed', 'b\n'],
        ['added', 'B\n'],
        ['unchanged', 'c\n'],
      ],
      1,
      1,
    ],
    [
      'a line appended',
      '# Līgums\n',
      '# Līgums\n§ 2\n',
      [
        ['unchanged', '# Līgums\n'],
        ['added', '§ 2\n'],
      ],
      1,
      0,
    ],
    ['from empty', '', 'x\ny', [['added', 'x\ny']], 2, 0],
  ])('%s', (_name, from, to, expected, added, removed) => {
    const diff = diffTexts(from, to);
    expect(diff.parts.map((part) => [part.kind, part.text])).toEqual(expected);
    expect([diff.addedLines, diff.removedLines]).toEqual([added, removed]);
  });

  it('rebuilds both texts from the parts', () => {
    const from = '# Contract\n\n1. Parties\n2. Data\n3. Fees\n';
    const to = '# Contract\n\n1. Parties\n2. Data and scopes\n3. Fees\n4. Term\n';
    const { parts } = diffTexts(from, to);
    const rebuild = (skip: string) =>
      parts
        .filter((part) => part.kind !== skip)
        .map((part) => part.text)
        .join('');
    expect(rebuild('added')).toBe(from);
    expect(rebuild('removed')).toBe(to);
  });

  it('gives up on texts too different to diff cheaply and shows them whole', () => {
    const lines = (prefix: string) =>
      Array.from({ length: maxEditLength + 10 }, (_, i) => `${prefix}${i}\n`).join('');
    const diff = diffTexts(lines('a'), lines('b'));
    expect(diff.parts.map((part) => [part.kind, part.fromLine, part.toLine])).toEqual([
      ['removed', 1, null],
      ['added', null, 1],
    ]);
    expect(diff.removedLines).toBe(maxEditLength + 10);
  });
});

describe('countLines', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['a\r\nb\r\n', 2],
  ])('%j has %i lines', (text, count) => {
    expect(countLines(text)).toBe(count);
  });
});
