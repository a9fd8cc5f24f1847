/**
 * VAT of one line in whole cents: net × rate, rounded half away from zero (commercial rounding, so
 * 0.5 cent becomes 1 cent, and a credit note's line is exactly the negative of the line it reverses).
 * Computed in integers: no binary fraction ever decides a cent. Each line is rounded on its own and
 * the invoice's VAT is the sum of its lines, so a line printed alone always adds up.
 */
export function vatCents(netCents: number, rateBasisPoints: number): number {
  if (!Number.isSafeInteger(netCents) || !Number.isSafeInteger(rateBasisPoints) || rateBasisPoints < 0) {
    throw new RangeError('net and rate must be integers, the rate not negative');
  }
  const magnitude = Math.floor((Math.abs(netCents) * rateBasisPoints + 5000) / 10_000);
  return netCents < 0 && magnitude > 0 ? -magnitude : magnitude;
}
