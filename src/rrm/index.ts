export { createVlmJudge, type VlmJudgeOptions } from './vlm-judge.js';
export {
  buildJudgeMessages,
  systemPrompt,
  PROMPT_VARIANTS,
  PROMPT_VARIANT_NAMES,
  type JudgeMessagesInput,
  type PromptVariant,
  type PromptVariantName,
} from './prompt.js';
export { parseJudgeReply, type ParsedReply, type ParseMode, type ParseOptions } from './parse-verdict.js';
export { expectedScoreFromLogprobs } from './expected-score.js';
export { SampleParseError } from './sample-parse-error.js';
export { applyHardRules, type HardRuleOutcome } from './hard-rules.js';
export { summarizeSamples } from './ensemble.js';
export * from './embedded/index.js';
export { CATEGORY_LABELS, formatRrmTrace, type RrmTraceParts } from './format-trace.js';
