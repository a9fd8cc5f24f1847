import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeListCursor,
  encodeListCursor,
  grantedScopes,
  isInside,
  mergedRange,
  parseCodeUpload,
  type SequenceRange,
  uncoveredParts,
  visibleScopes,
} from './monitoring-rules';

const range = (from: number, through: number): SequenceRange => ({
  from: BigInt(from),
  through: BigInt(through),
});

describe('scopes a purpose sees', () => {
  it('counts a scope granted whole or through one of its fields', () => {
    const granted = grantedScopes({ scopes: ['identity'], fields: ['residence.declaredAddress'] });
    expect([...granted].sort()).toEqual(['identity', 'residence']);
    expect(visibleScopes(['names', 'residence', 'identity'], granted)).toEqual(['residence', 'identity']);
    expect(visibleScopes(['documents'], granted)).toEqual([]);
  });
});

describe('delivered ranges', () => {
  it.each([
    { page: [0, 10], delivered: [], uncovered: [[0, 10]] },
    { page: [0, 10], delivered: [[0, 10]], uncovered: [] },
    { page: [0, 10], delivered: [[0, 4]], uncovered: [[4, 10]] },
    {
      page: [0, 10],
      delivered: [
        [2, 4],
        [6, 8],
      ],
      uncovered: [
        [0, 2],
        [4, 6],
        [8, 10],
      ],
    },
    { page: [5, 10], delivered: [[0, 20]], uncovered: [] },
    {
      page: [5, 10],
      delivered: [
        [0, 3],
        [12, 20],
      ],
      uncovered: [[5, 10]],
    },
  ])('page $page with $delivered delivered leaves $uncovered', ({ page, delivered, uncovered }) => {
    const parts = uncoveredParts(
      range(page[0] ?? 0, page[1] ?? 0),
      delivered.map(([from = 0, through = 0]) => range(from, through)),
    );
    expect(parts).toEqual(uncovered.map(([from = 0, through = 0]) => range(from, through)));
  });

  it('marks each position of a page either already delivered or uncovered, never both (property)', () => {
    const arbitraryRange = fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 }))
      .map(([from, length]) => range(from, from + length));
    fc.assert(
      fc.property(arbitraryRange, fc.array(arbitraryRange, { maxLength: 5 }), (page, delivered) => {
        const parts = uncoveredParts(page, delivered);
        for (let position = page.from + 1n; position <= page.through; position++) {
          const isDelivered = delivered.some((d) => position > d.from && position <= d.through);
          expect(isInside(position, parts)).toBe(!isDelivered);
        }
        const merged = mergedRange(page, delivered);
        expect(merged.from <= page.from && merged.through >= page.through).toBe(true);
      }),
    );
  });

  it('merges a page with the ranges it touches, not with distant ones', () => {
    expect(mergedRange(range(10, 20), [range(0, 10), range(20, 25), range(30, 40)])).toEqual(range(0, 25));
  });
});

describe('subscription list cursor', () => {
  it('round-trips an id and refuses anything it did not make', () => {
    expect(decodeListCursor(encodeListCursor('12345'))).toBe('12345');
    expect(decodeListCursor('abc')).toBeUndefined();
    expect(decodeListCursor(Buffer.from('s:-1').toString('base64url'))).toBeUndefined();
    expect(decodeListCursor(Buffer.from('s:1 OR 1=1').toString('base64url'))).toBeUndefined();
  });
});

describe('code upload', () => {
  it('tolerates a BOM, a header, CRLF, blank lines, quotes and a trailing separator', () => {
    const parsed = parseCodeUpload(
      '\uFEFFpersonas kods\r\n010190-10415\r\n\r\n"15077511784";\r\n  \nnot a code 1\n',
    );
    expect(parsed).toEqual({
      ok: true,
      lines: [
        { line: 2, personalCode: '010190-10415' },
        { line: 4, personalCode: '15077511784' },
        { line: 6, personalCode: 'not a code 1' },
      ],
    });
  });

  it('refuses an empty file, more than 1,000 codes and absurd lines', () => {
    expect(parseCodeUpload('\r\n\r\n')).toEqual({ ok: false, reason: 'empty' });
    expect(parseCodeUpload('personal_code\n')).toEqual({ ok: false, reason: 'empty' });
    expect(parseCodeUpload(Array(1001).fill('010190-10415').join('\n'))).toEqual({
      ok: false,
      reason: 'tooManyCodes',
    });
    expect(parseCodeUpload('1'.repeat(101))).toEqual({ ok: false, reason: 'lineTooLong' });
  });

  it('reads only the first line as a possible header', () => {
    const parsed = parseCodeUpload('010190-10415\nkods\n');
    expect(parsed.ok && parsed.lines.map((l) => l.personalCode)).toEqual(['010190-10415', 'kods']);
  });
});
