import { bootstrapInterval, createRng, type Interval } from '../src/index.js';
import { percentile } from './percentile.js';

/** 95% intervals of a path's added p50 and p99 over the direct path's. */
export interface AddedLatencyIntervals {
  p50Ms: Interval;
  p99Ms: Interval;
  /** Jobs answered on both paths: the pairs resampled. */
  pairs: number;
}

/**
 * Percentile-bootstrap intervals of `other`'s p50 and p99 less `direct`'s, where job i on both paths
 * sent the same group: pairs of jobs are resampled together, so a group that is slow on both (its
 * images, the moment it ran) does not count as the path's doing. Jobs that failed on either path are
 * left out. This is the spread of one run's requests; a busier or quieter machine moves whole runs
 * further, which only running again shows.
 */
export function addedLatencyIntervals(
  direct: readonly (number | null)[],
  other: readonly (number | null)[],
  seed: number,
  resamples = 2000,
): AddedLatencyIntervals | null {
  if (direct.length !== other.length) {
    throw new RangeError(
      `the paths ran ${direct.length} and ${other.length} jobs; pass the same jobs through both`,
    );
  }
  const pairs: [number, number][] = [];
  direct.forEach((ms, i) => {
    const theirs = other[i];
    if (typeof ms === 'number' && typeof theirs === 'number') pairs.push([ms, theirs]);
  });
  if (pairs.length === 0) return null;
  const percentileOf = (sample: readonly [number, number][], side: 0 | 1, q: number) =>
    percentile(
      sample.map((pair) => pair[side]),
      q,
    );
  const added = (q: number) => (sample: readonly [number, number][]) =>
    percentileOf(sample, 1, q) - percentileOf(sample, 0, q);
  // One generator for both, so the two intervals come from one seed and are reproducible from it.
  const rng = createRng(seed);
  return {
    p50Ms: bootstrapInterval(pairs, added(0.5), { rng, resamples })!,
    p99Ms: bootstrapInterval(pairs, added(0.99), { rng, resamples })!,
    pairs: pairs.length,
  };
}
