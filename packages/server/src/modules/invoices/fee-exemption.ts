export interface ExemptionEvent {
  action: 'feeExemptionGranted' | 'feeExemptionEnded';
  at: Date;
}

/**
 * Whether an organisation was fee-exempt at any moment of [start, end): the exemption covers the
 * whole month it touches, in the organisation's favour. Without any recorded change the present
 * flag has always held (organisations registered exempt before the history was kept).
 */
export function wasFeeExemptDuring(
  events: readonly ExemptionEvent[],
  isFeeExemptNow: boolean,
  start: Date,
  end: Date,
): boolean {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = sorted[0];
  if (!first) return isFeeExemptNow;
  const before = sorted.filter((event) => event.at < start).at(-1);
  const isExemptAtStart = before
    ? before.action === 'feeExemptionGranted'
    : first.action === 'feeExemptionEnded';
  if (isExemptAtStart) return true;
  return sorted.some(
    (event) => event.action === 'feeExemptionGranted' && event.at >= start && event.at < end,
  );
}
