import { pairwiseAccuracy } from './pairwise-accuracy.js';
import type { GroupAccuracy, ScoredPair } from './types.js';

export const UNCATEGORIZED = 'uncategorized';

/** Strict accuracy of each category's a/b pairs; a category of only 'same' pairs is listed with n 0. */
export function perCategoryAccuracy(pairs: readonly ScoredPair[]): Record<string, GroupAccuracy> {
  const groups = new Map<string, ScoredPair[]>();
  for (const pair of pairs) {
    const name = pair.category ?? UNCATEGORIZED;
    const group = groups.get(name);
    if (group) group.push(pair);
    else groups.set(name, [pair]);
  }
  const result: Record<string, GroupAccuracy> = {};
  for (const name of [...groups.keys()].sort()) {
    const { n, accuracy } = pairwiseAccuracy(groups.get(name)!);
    result[name] = { n, accuracy };
  }
  return result;
}

/**
 * Unweighted mean of the per-category accuracies (EditReward-Bench's macro average): a category of 20
 * pairs weighs as much as one of 2000. Categories without an a/b pair have no accuracy and are left
 * out; null when none has one.
 */
export function macroAccuracy(perCategory: Record<string, GroupAccuracy>): number | null {
  const accuracies = Object.values(perCategory)
    .map((group) => group.accuracy)
    .filter((accuracy) => accuracy !== null);
  return accuracies.length === 0 ? null : accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
}
