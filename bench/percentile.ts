/** The q-quantile (0-1) of the values by the nearest-rank method: always one of the measured values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be from 0 to 1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
