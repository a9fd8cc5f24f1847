import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vatCents } from './vat';

describe('VAT per line, half away from zero, in whole cents', () => {
  it.each([
    // net cents, basis points, VAT cents
    [6000, 2100, 1260],
    [2378, 2100, 499], // 499.38
    [24512, 2100, 5148], // 5147.52
    [50, 2100, 11], // 10.5: the half goes up
    [150, 2100, 32], // 31.5
    [49, 2100, 10], // 10.29
    [7, 2100, 1], // 1.47
    [2, 2100, 0], // 0.42
    [1, 5000, 1], // 0.5
    [-50, 2100, -11], // a credit note mirrors the line exactly
    [-2378, 2100, -499],
    [0, 2100, 0],
    [12345, 0, 0],
    [100_000_000, 2100, 21_000_000],
    [333, 1200, 40], // 39.96
  ])('%i cents at %i bp → %i', (net, rate, expected) => {
    expect(vatCents(net, rate)).toBe(expected);
  });

  it('is never more than half a cent from the exact amount, and mirrors for negatives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (net, rate) => {
          const vat = vatCents(net, rate);
          expect(Math.abs(vat * 10_000 - net * rate)).toBeLessThanOrEqual(5000);
          // === (not Object.is): 0 and -0 are the same amount of money.
          expect(vatCents(-net, rate) === -vat).toBe(true);
        },
      ),
    );
  });

  it('refuses fractions and negative rates', () => {
    expect(() => vatCents(1.5, 2100)).toThrow(RangeError);
    expect(() => vatCents(100, -1)).toThrow(RangeError);
  });
});
