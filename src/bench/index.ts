/** The reward-model benchmark: pairwise accuracy (strict, with ties, per category, macro), GSB, VIEScore, reports. */
export type {
  BenchPairResult,
  BenchResult,
  BenchSummary,
  EditJudgement,
  GroupAccuracy,
  Interval,
  ScoredPair,
} from './types.js';
export { pairwiseAccuracy, rankedStrictly, type StrictAccuracy } from './pairwise-accuracy.js';
export { accuracyWithTies } from './accuracy-with-ties.js';
export { findTieMargin, type TieMargin } from './find-tie-margin.js';
export { perCategoryAccuracy, macroAccuracy, UNCATEGORIZED } from './per-category.js';
export { bootstrapInterval, quantile, shareTrue, type BootstrapOptions } from './bootstrap.js';
export { goodSameBad, type EditorScores, type GsbResult } from './gsb.js';
export { vieScore, vieScoreFromVerdict, type VieScore } from './vie-score.js';
export { readPairsFile, resolveImageRef, type PairOnLine } from './read-pairs.js';
export { runBench, type RunBenchOptions } from './run-bench.js';
export { summarizeBench, scoredPairs } from './summarize-bench.js';
export { worstJudgedPairs, type JudgedPair } from './worst-pairs.js';
export { renderBenchReport, type PairThumbnails, type ReportInputs } from './report-html.js';
export { writeBenchReport, type ReportOptions } from './write-bench-report.js';
