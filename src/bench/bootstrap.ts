import { UsageError, type Rng } from '../core/index.js';
import type { Interval } from './types.js';

export interface BootstrapOptions {
  rng: Rng;
  /** Resamples drawn (B). Default 1000. */
  resamples?: number;
  /** Coverage of the interval. Default 0.95. */
  level?: number;
}

/**
 * The q-quantile (0-1) of ascending values, interpolating linearly between the two nearest order
 * statistics (the common "type 7" definition, as numpy's default).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new UsageError('quantile of no values: pass at least one value');
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
}

/**
 * Percentile bootstrap interval of `statistic` over `items`: B resamples of the items with replacement
 * (same size), the statistic of each, and the (1-level)/2 and (1+level)/2 quantiles of those. Resamples
 * whose statistic is null (e.g. no a/b pair drawn) are left out. Null when there are no items or no
 * resample gave a statistic.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  options: BootstrapOptions,
): Interval | null {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new UsageError(`bootstrap resamples must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new UsageError(`bootstrap level must be in (0, 1), got ${level}`);
  if (items.length === 0) return null;
  const values: number[] = [];
  const sample: T[] = new Array<T>(items.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[options.rng.int(0, items.length - 1)]!;
    const value = statistic(sample);
    if (value !== null) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  return [quantile(values, (1 - level) / 2), quantile(values, (1 + level) / 2)];
}

/** Mean of 0/1 outcomes (true = 1): the statistic for a bootstrap of an accuracy. */
export function shareTrue(outcomes: readonly boolean[]): number | null {
  if (outcomes.length === 0) return null;
  let count = 0;
  for (const outcome of outcomes) if (outcome) count++;
  return count / outcomes.length;
}
