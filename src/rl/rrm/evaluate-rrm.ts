import { UsageError, type Rng } from '../../core/index.js';
import {
  bootstrapInterval,
  pairwiseAccuracy,
  rankedStrictly,
  type Interval,
  type PairOnLine,
  type ScoredPair,
  type StrictAccuracy,
} from '../../bench/index.js';
import { featurizePairs, loadPairs } from './featurize-pairs.js';
import type { MiniRrmPolicy } from './mini-rrm-policy.js';
import { RrmFeaturizer } from './rrm-featurizer.js';

export interface RrmEvaluation {
  /** Strict pairwise accuracy against the pairs' preferences (bench's pairwiseAccuracy). */
  accuracy: StrictAccuracy;
  /** Mean greedy final score over every edit judged. */
  meanScore: number;
  /** Per pair, in the given order, with its greedy scores. */
  scored: (ScoredPair & { id: string })[];
}

/**
 * Judges both edits of every pair with the policy's greedy trace and scores the ranking against the
 * preferences (EditWorld's oracle, or people): strict, a tie is wrong, 'same' pairs counted apart.
 */
export async function evaluateRrm(
  policy: MiniRrmPolicy,
  pairs: string | readonly string[] | readonly PairOnLine[],
  options: { featurizer?: RrmFeaturizer } = {},
): Promise<RrmEvaluation> {
  const featurized = await featurizePairs(await loadPairs(pairs), options.featurizer ?? new RrmFeaturizer());
  if (featurized.length === 0) throw new UsageError('no pairs to evaluate on');
  const traces = policy.greedy(featurized.flatMap((p) => [p.a, p.b]));
  const scored = featurized.map((p, i) => ({
    id: p.id,
    category: p.category,
    preference: p.preference,
    scoreA: traces[2 * i]!.finalScore,
    scoreB: traces[2 * i + 1]!.finalScore,
  }));
  const meanScore = traces.reduce((s, t) => s + t.finalScore, 0) / traces.length;
  return { accuracy: pairwiseAccuracy(scored), meanScore, scored };
}

/**
 * Accuracy of `after` minus `before` on the same pairs, with a paired bootstrap interval (pairs
 * resampled together, so the two judges' shared difficulty cancels).
 */
export function accuracyDifference(
  before: RrmEvaluation,
  after: RrmEvaluation,
  options: { rng: Rng; resamples?: number; level?: number },
): { difference: number; interval: Interval | null } {
  if (
    before.scored.length !== after.scored.length ||
    before.scored.some((p, i) => p.id !== after.scored[i]!.id)
  ) {
    throw new UsageError('compare evaluations of the same pairs, in the same order');
  }
  const both = before.scored.flatMap((p, i) =>
    p.preference === 'same' ? [] : [(rankedStrictly(after.scored[i]!) ? 1 : 0) - (rankedStrictly(p) ? 1 : 0)],
  );
  const mean = (xs: readonly number[]) =>
    xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length;
  return { difference: mean(both) ?? 0, interval: bootstrapInterval(both, mean, options) };
}
