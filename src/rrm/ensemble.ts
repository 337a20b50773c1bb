import type { EnsembleSummary, FailedSample, Verdict } from '../core/index.js';

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Mean, median, spread and failure share of N sampled final scores. Failed samples count in n and in
 * failedShare, and nowhere else: they have no score, and none is made up for them.
 * With no parsed sample the statistics are NaN; callers treat that set as a failure.
 */
export function summarizeSamples(
  verdicts: readonly Verdict[],
  failures: readonly FailedSample[],
): EnsembleSummary {
  const scores = verdicts.map((v) => v.finalScore).sort((a, b) => a - b);
  const n = scores.length + failures.length;
  const parsed = scores.length;
  if (parsed === 0) {
    return { n, parsed, failedShare: n === 0 ? 0 : 1, mean: NaN, median: NaN, std: NaN, min: NaN, max: NaN };
  }
  const mean = scores.reduce((s, x) => s + x, 0) / parsed;
  const variance = scores.reduce((s, x) => s + (x - mean) ** 2, 0) / parsed;
  return {
    n,
    parsed,
    failedShare: failures.length / n,
    mean,
    median: median(scores),
    std: Math.sqrt(variance),
    min: scores[0]!,
    max: scores[parsed - 1]!,
  };
}
