/** A rate in hundredths of a percent (2100) as the reader's language writes it: `21 %`, `5,5 %`. */
export function formatRate(basisPoints: number, language: string): string {
  const percent = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(basisPoints / 100);
  return `${percent} %`;
}

/** A percentage as typed (`21`, `5,5`, `12.25`) to hundredths of a percent; NaN when it is not one. */
export function basisPointsOf(percent: string): number {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(percent);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
