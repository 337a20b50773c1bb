import { createRng, sampleWithoutReplacement, UsageError } from '../core/index.js';
import type { Assignment } from './types.js';

/**
 * Gives each pair to `perPair` distinct annotators, deterministically from `seed`. Pairs are visited
 * in a seeded shuffled order and each goes to the annotators with the fewest pairs so far (ties broken
 * at random), so loads differ by at most one and every two annotators come to share pairs (which
 * Cohen's kappa needs). Each annotator sees their pairs in that shuffled order, and each (pair,
 * annotator) gets its own random left/right.
 */
export function assignPairs(
  pairIds: readonly string[],
  annotators: readonly string[],
  perPair: number,
  seed: number,
): Assignment[] {
  if (!Number.isInteger(perPair) || perPair < 1 || perPair > annotators.length) {
    throw new UsageError(
      `--per-pair must be an integer from 1 to the number of annotators (${annotators.length}), got ${perPair}`,
    );
  }
  const rng = createRng(seed);
  const load = new Map(annotators.map((name) => [name, 0]));
  const assignments: Assignment[] = [];
  for (const pairId of sampleWithoutReplacement(pairIds, pairIds.length, rng)) {
    const chosen = annotators
      .map((name) => ({ name, load: load.get(name)!, tieBreak: rng.next() }))
      .sort((x, y) => x.load - y.load || x.tieBreak - y.tieBreak)
      .slice(0, perPair);
    for (const { name } of chosen) {
      const position = load.get(name)!;
      load.set(name, position + 1);
      assignments.push({ pairId, annotator: name, position, left: rng.next() < 0.5 ? 'a' : 'b' });
    }
  }
  return assignments;
}
