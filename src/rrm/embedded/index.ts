export { createEmbeddedJudge, type EmbeddedJudgeOptions } from './embedded-judge.js';
export { NoVerifiablePrincipleError, OcrError, OcrUnavailableError } from './errors.js';
export {
  createOcrReader,
  type OcrEngine,
  type OcrLine,
  type OcrReader,
  type OcrReaderOptions,
} from './ocr-reader.js';
export { CHECK_EVALUATORS, evaluateCheck, evaluatePrinciple } from './evaluate-check.js';
export { NEEDS_VLM, type CheckContext, type CheckEvaluator, type CheckResult } from './check-result.js';
export {
  CATEGORY_WEIGHTS,
  scoreVerifiedPoints,
  type CategoryTally,
  type ScoreBreakdown,
} from './final-score.js';
export { CHANGED_SHARE_FLOOR } from './pixel-checks.js';
export { MAX_SLIP_RATE } from './text-match.js';
export { parseScene } from './scene/parse-scene.js';
export type { ParsedObject, ParsedScene } from './scene/types.js';
export { matchObjects } from './scene/match-objects.js';
