// rl/rrm: the miniature RRM (issue 6, deliverable 3): features of source and edit as seen in pixels, a
// token-by-token trace policy (a 0/1 per principle, then a final score), its Judge adapter, SFT on the
// pipeline's jsonl export, GCPO on preference pairs, and pairwise accuracy against the preferences.
export * from './types.js';
export { POINT_FEATURES, principleFeatures } from './principle-features.js';
export { RRM_GLOBAL_FEATURES, globalFeatures } from './global-features.js';
export { RrmFeaturizer, type FeaturizerStats } from './rrm-featurizer.js';
export {
  MiniRrmPolicy,
  MINI_RRM_KIND,
  DEFAULT_MINI_RRM_CONFIG,
  type MiniRrmConfig,
} from './mini-rrm-policy.js';
export { createMiniRrmJudge, type MiniRrmJudgeOptions } from './mini-rrm-judge.js';
export { readSftRows, type SftRow } from './read-sft-rows.js';
export { trainRrmSft, type RrmSftOptions, type RrmSftResult, type SftEpochRecord } from './train-rrm-sft.js';
export { trainRrmGcpo, type RrmGcpoOptions } from './train-rrm-gcpo.js';
export { featurizePairs, loadPairs, type FeaturizedPair } from './featurize-pairs.js';
export { evaluateRrm, accuracyDifference, type RrmEvaluation } from './evaluate-rrm.js';
export { writeWorldSftRows, type WorldSftOptions } from './world-sft-rows.js';
