import type { DailyQueries } from '@fpr/contract';

export interface StackedSeries {
  key: string;
  label: string;
  values: number[];
}

export interface StackedData {
  categories: string[];
  series: StackedSeries[];
}

/** Every day of the range (`from`..`to`), so quiet days show as gaps rather than vanish. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= end; time += 86_400_000)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

/** Queries per day, one series per organisation (by name), every day of the range present. */
export function queriesByOrganisation(rows: readonly DailyQueries[], from: string, to: string): StackedData {
  const categories = daysBetween(from, to);
  const index = new Map(categories.map((day, position) => [day, position]));
  const series = new Map<string, StackedSeries>();
  for (const row of rows) {
    const entry = series.get(row.organisationId) ?? {
      key: row.organisationId,
      label: row.organisationName,
      values: categories.map(() => 0),
    };
    const position = index.get(row.day);
    if (position !== undefined) entry.values[position] = (entry.values[position] ?? 0) + row.queries;
    series.set(row.organisationId, entry);
  }
  return { categories, series: [...series.values()].sort((a, b) => a.label.localeCompare(b.label, 'lv')) };
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMaximum(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/** Axis ticks from 0 to `maximum`: whole numbers when there are few, else quarters. */
export function ticksOf(maximum: number): number[] {
  if (maximum <= 4) return Array.from({ length: maximum + 1 }, (_, index) => index);
  return [0, 0.25, 0.5, 0.75, 1].map((share) => share * maximum);
}
