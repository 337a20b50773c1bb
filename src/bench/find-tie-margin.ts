import type { ScoredPair } from './types.js';

export interface TieMargin {
  margin: number;
  /** accuracyWithTies at that margin. */
  accuracy: number;
}

/** Number of values in the ascending array `sorted` that are <= x. */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The tie margin that maximises accuracyWithTies, searched over 0 and every observed |scoreA - scoreB|
 * (as EditReward and GenAI-Bench calibrate ties): between two observed gaps no pair changes its answer,
 * so these candidates are all there is. Of equally good margins the smallest is taken. Sorting the gaps
 * once makes the search O(n log n), for benchmarks of many thousand pairs. Null when there are no pairs.
 */
export function findTieMargin(pairs: readonly ScoredPair[]): TieMargin | null {
  if (pairs.length === 0) return null;
  // A 'same' pair is right once the margin reaches its gap; an a/b pair ranked the right way is right
  // until the margin reaches its gap (a pair ranked the wrong way, or tied, is never right).
  const sameGaps: number[] = [];
  const rightGaps: number[] = [];
  const candidates = new Set<number>([0]);
  for (const { preference, scoreA, scoreB } of pairs) {
    const gap = Math.abs(scoreA - scoreB);
    candidates.add(gap);
    if (preference === 'same') sameGaps.push(gap);
    else if (preference === 'a' ? scoreA > scoreB : scoreB > scoreA) rightGaps.push(gap);
  }
  sameGaps.sort((x, y) => x - y);
  rightGaps.sort((x, y) => x - y);
  let best: TieMargin | null = null;
  for (const margin of [...candidates].sort((x, y) => x - y)) {
    const correct = countAtMost(sameGaps, margin) + (rightGaps.length - countAtMost(rightGaps, margin));
    const accuracy = correct / pairs.length;
    if (best === null || accuracy > best.accuracy) best = { margin, accuracy };
  }
  return best;
}
