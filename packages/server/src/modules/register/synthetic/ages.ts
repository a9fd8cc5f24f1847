import { type Random, type WeightedTable, weightedTable } from './random';

/**
 * Residents of Latvia by five-year age band (0–4, 5–9, …, 95–99), thousands, after the
 * statistics office's 2023 figures, rounded: few children, many people of 30–70, and women
 * outliving men.
 */
const menByBand = [45, 55, 57, 50, 42, 52, 67, 68, 63, 59, 60, 60, 58, 48, 38, 25, 15, 7, 2, 0.4];
const womenByBand = [43, 52, 54, 47, 40, 49, 65, 67, 62, 60, 63, 68, 72, 66, 60, 48, 38, 24, 9, 2];

function ageTable(bands: readonly number[], minAge: number, maxAge: number): WeightedTable<number> {
  const entries: Array<readonly [number, number]> = [];
  for (let age = minAge; age <= maxAge; age += 1) entries.push([age, (bands[Math.floor(age / 5)] ?? 0) / 5]);
  return weightedTable(entries);
}

const tables = new Map<string, WeightedTable<number>>();

/** An age in [minAge, maxAge] drawn from the Latvian age pyramid of the given sex. */
export function drawAge(random: Random, sex: 'M' | 'F', minAge: number, maxAge: number): number {
  const key = `${sex}:${minAge}:${maxAge}`;
  let table = tables.get(key);
  if (table === undefined) {
    table = ageTable(sex === 'M' ? menByBand : womenByBand, minAge, maxAge);
    tables.set(key, table);
  }
  return random.weighted(table);
}

/** Share of women among adults of the age: decides the sex of a person living alone. */
export function womenShareAt(age: number): number {
  const band = Math.floor(age / 5);
  const women = womenByBand[band] ?? 1;
  return women / (women + (menByBand[band] ?? 1));
}
