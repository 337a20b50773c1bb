import type { Rng } from '../core/index.js';
import { bootstrapInterval, shareTrue } from './bootstrap.js';
import { findTieMargin } from './find-tie-margin.js';
import { pairwiseAccuracy, rankedStrictly } from './pairwise-accuracy.js';
import { macroAccuracy, perCategoryAccuracy } from './per-category.js';
import type { BenchPairResult, BenchSummary, ScoredPair } from './types.js';

/** The pairs that have both scores, as the maths takes them. */
export function scoredPairs(pairs: readonly BenchPairResult[]): ScoredPair[] {
  return pairs.flatMap((p) =>
    p.status === 'ok'
      ? [{ preference: p.preference, scoreA: p.judgedA.score, scoreB: p.judgedB.score, category: p.category }]
      : [],
  );
}

/**
 * Every number of a bench run from its judged pairs. Failed pairs are counted, and in no accuracy:
 * they have no score, and none is made up for them. The intervals resample the a/b pairs (B times,
 * percentile method); the macro one recomputes the per-category mean on each resample.
 */
export function summarizeBench(
  pairs: readonly BenchPairResult[],
  judge: string,
  options: { rng: Rng; resamples?: number },
): BenchSummary {
  const scored = scoredPairs(pairs);
  const strict = pairwiseAccuracy(scored);
  const perCategory = perCategoryAccuracy(scored);
  const ties = findTieMargin(scored);
  const decided = scored.filter((p) => p.preference !== 'same');
  const bootstrap = { rng: options.rng, resamples: options.resamples };
  return {
    n: strict.n,
    same: strict.same,
    accuracy: strict.accuracy,
    accuracyWithTies: ties?.accuracy ?? null,
    tieMargin: ties?.margin ?? null,
    macroAccuracy: macroAccuracy(perCategory),
    perCategory,
    ci95: bootstrapInterval(decided.map(rankedStrictly), shareTrue, bootstrap),
    macroCi95: bootstrapInterval(decided, (sample) => macroAccuracy(perCategoryAccuracy(sample)), bootstrap),
    failed: pairs.length - scored.length,
    judge,
  };
}
