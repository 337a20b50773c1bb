import type { ScoredPair } from './types.js';

/**
 * Accuracy counting ties as a third answer (the GenAI-Bench / EditReward convention, after tie
 * calibration): two scores within `margin` of each other say "same". A 'same' pair is right when
 * |scoreA - scoreB| <= margin; an a/b pair when the preferred edit is higher by more than margin.
 * Every pair is in the denominator. Null when there are no pairs.
 */
export function accuracyWithTies(pairs: readonly ScoredPair[], margin: number): number | null {
  if (pairs.length === 0) return null;
  let correct = 0;
  for (const { preference, scoreA, scoreB } of pairs) {
    const gap = preference === 'b' ? scoreB - scoreA : scoreA - scoreB;
    if (preference === 'same' ? Math.abs(gap) <= margin : gap > margin) correct++;
  }
  return correct / pairs.length;
}
