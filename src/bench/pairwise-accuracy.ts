import type { ScoredPair } from './types.js';

export interface StrictAccuracy {
  /** a/b pairs counted. */
  n: number;
  correct: number;
  /** correct / n; null when there is no a/b pair. */
  accuracy: number | null;
  /** 'same' pairs, left out of n. */
  same: number;
}

/** Whether the judge ranked an a/b pair as the person did, strictly: a tie is wrong. */
export function rankedStrictly(pair: ScoredPair): boolean {
  return pair.preference === 'a' ? pair.scoreA > pair.scoreB : pair.scoreB > pair.scoreA;
}

/**
 * Strict pairwise accuracy, as EditReward-Bench counts it: a pair preferring a is right only when a
 * scores strictly higher than b, so a judge that gives both edits the same score earns nothing for
 * it. 'same' pairs have no winner to find and are counted apart.
 */
export function pairwiseAccuracy(pairs: readonly ScoredPair[]): StrictAccuracy {
  let n = 0;
  let correct = 0;
  let same = 0;
  for (const pair of pairs) {
    if (pair.preference === 'same') {
      same++;
      continue;
    }
    n++;
    if (rankedStrictly(pair)) correct++;
  }
  return { n, correct, accuracy: n === 0 ? null : correct / n, same };
}
