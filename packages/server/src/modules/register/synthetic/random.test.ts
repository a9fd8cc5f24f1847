import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, Random, weightedTable } from './random';

function draws(seed: number, count: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => random.uint32());
}

describe('Random', () => {
  it('replays the same sequence for the same seed and another for another seed', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    expect(draws(43, 100)).not.toEqual(draws(42, 100));
  });

  it('keeps next() in [0, 1) and int() within its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span) => {
        const random = new Random(seed);
        for (let i = 0; i < 50; i += 1) {
          const value = random.next();
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
          const integer = random.int(min, min + span);
          expect(integer).toBeGreaterThanOrEqual(min);
          expect(integer).toBeLessThanOrEqual(min + span);
        }
      }),
    );
  });

  it('reaches both ends of an integer range', () => {
    const random = new Random(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('picks by weight', () => {
    const random = new Random(1);
    const table = weightedTable([
      ['rare', 1],
      ['never', 0],
      ['common', 9],
    ] as const);
    const counts = { rare: 0, never: 0, common: 0 };
    for (let i = 0; i < 10_000; i += 1) counts[random.weighted(table)] += 1;
    expect(counts.never).toBe(0);
    expect(counts.common / 10_000).toBeCloseTo(0.9, 1);
  });

  it('refuses tables and lists it cannot pick from', () => {
    expect(() => weightedTable([])).toThrow(RangeError);
    expect(() => weightedTable([['x', 0]])).toThrow(RangeError);
    expect(() => new Random(1).pick([])).toThrow(RangeError);
  });

  it('derives different, stable seeds per label', () => {
    expect(deriveSeed(1, 'test')).toBe(deriveSeed(1, 'test'));
    expect(deriveSeed(1, 'test')).not.toBe(deriveSeed(1, 'production'));
  });
});
