/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32). Synthetic populations must
 * replay byte for byte from a seed, so nothing here touches Math.random or the clock.
 */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Running totals of the weights, same length as `values`. */
  readonly cumulative: Float64Array;
  readonly total: number;
}

/** Precomputes a table for `Random.weighted`; weights need not sum to 1. */
export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], index) => {
    if (!(weight >= 0)) throw new RangeError('weights must be non-negative numbers');
    total += weight;
    cumulative[index] = total;
  });
  if (total <= 0) throw new RangeError('a weighted table needs a positive total weight');
  return { values: entries.map(([value]) => value), cumulative, total };
}

const TWO_POW_32 = 4_294_967_296;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // The first outputs of sfc32 still echo the seed; discard them.
    for (let i = 0; i < 15; i += 1) this.uint32();
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  weighted<T>(table: WeightedTable<T>): T {
    const target = this.next() * table.total;
    let low = 0;
    let high = table.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((table.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return table.values[low] as T;
  }

  /** A roughly normal number (sum of three uniforms): cheap, bounded, good enough for ages. */
  bell(mean: number, spread: number): number {
    return mean + (this.next() + this.next() + this.next() - 1.5) * spread;
  }
}

/** Derives an independent stream, e.g. one per environment, from a base seed and a label. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i += 1) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
