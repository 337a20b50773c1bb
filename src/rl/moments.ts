/** Which standard deviation: over N (numpy's default) or over N - 1 (torch.std's default). */
export type StdEstimator = 'population' | 'sample';

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * The standard deviation around the mean. A single value has spread 0 under both estimators (the
 * sample estimator is undefined there; 0 is what "no spread" means for an advantage), and values
 * that are all equal give exactly 0, not a rounding residue.
 */
export function standardDeviation(values: readonly number[], estimator: StdEstimator): number {
  const n = values.length;
  if (n < 2 || values.every((v) => v === values[0])) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / (estimator === 'sample' ? n - 1 : n));
}
