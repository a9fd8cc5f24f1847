/** Euros as typed (`12,50` or `12.50`) to integer cents; NaN when it is not an amount. */
export function centsOf(euros: string): number {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(euros);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
