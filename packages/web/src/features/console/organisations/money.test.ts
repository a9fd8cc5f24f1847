import { describe, expect, it } from 'vitest';
import { centsOf } from './money';

describe('centsOf', () => {
  it.each([
    ['25', 2_500],
    ['25,5', 2_550],
    ['25.50', 2_550],
    [' 0,07 ', 7],
    ['1000000', 100_000_000],
  ])('reads %s as %i cents', (euros, cents) => {
    expect(centsOf(euros)).toBe(cents);
  });

  it.each(['', '2,505', '-3', '1e3', '12,', 'abc'])('refuses %s', (euros) => {
    expect(centsOf(euros)).toBeNaN();
  });
});
