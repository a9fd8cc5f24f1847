import { describe, expect, it } from 'vitest';
import { isValidRequestId } from './request-id';

describe('isValidRequestId', () => {
  it.each<[unknown, boolean]>([
    ['abcdefgh', true],
    ['f0e1d2c3-b4a5-4697-8889-7a6b5c4d3e2f', true],
    ['trace.id_01-XYZ', true],
    ['x'.repeat(100), true],
    ['abcdefg', false],
    ['x'.repeat(101), false],
    ['has space', false],
    ['new\nline-injected', false],
    ['abc/def/ghi', false],
    [['abcdefgh', 'abcdefgh'], false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isValidRequestId(value)).toBe(expected);
  });
});
