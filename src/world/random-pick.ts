import type { Rng } from '../core/index.js';
import { round4 } from './find-free-spot.js';

/** One item drawn uniformly; the caller guarantees the list is not empty. */
export function pick<T>(items: readonly T[], rng: Rng): T {
  if (items.length === 0) throw new RangeError('pick: nothing to pick from');
  return items[rng.int(0, items.length - 1)]!;
}

/** A value drawn uniformly in [lo, hi], kept to 4 decimals like every number in a scene file. */
export function between(lo: number, hi: number, rng: Rng): number {
  return round4(lo + (hi - lo) * rng.next());
}

/** -1 or +1 with equal chance. */
export function sign(rng: Rng): 1 | -1 {
  return rng.next() < 0.5 ? -1 : 1;
}
