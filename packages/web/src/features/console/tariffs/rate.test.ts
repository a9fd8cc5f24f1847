import { describe, expect, it } from 'vitest';
import { basisPointsOf, formatRate } from './rate';

describe('basisPointsOf', () => {
  it.each([
    ['21', 2100],
    ['5,5', 550],
    ['12.25', 1225],
    [' 0 ', 0],
    ['21 %', 2100],
  ])('reads %s as %d', (typed, expected) => {
    expect(basisPointsOf(typed)).toBe(expected);
  });

  it.each(['', 'abc', '1.234', '-5', '1000'])('refuses %s', (typed) => {
    expect(basisPointsOf(typed)).toBeNaN();
  });
});

describe('formatRate', () => {
  it('writes the decimal comma in Latvian and the point in English', () => {
    expect(formatRate(550, 'lv')).toBe('5,5 %');
    expect(formatRate(550, 'en')).toBe('5.5 %');
    expect(formatRate(2100, 'lv')).toBe('21 %');
  });
});
