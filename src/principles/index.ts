export { EDIT_KINDS, type EditKind } from './edit-kind.js';
export { EXEMPLARS, type Exemplar } from './exemplars.js';
export { DISTRIBUTION, checkDistribution, type DistributionReport } from './distribution.js';
export { findJsonArrays, readDecompositionReply, type ReplyReading } from './decomposition-reply.js';
export { DECOMPOSER_SYSTEM_PROMPT, buildDecomposerMessages, correctionMessage } from './decomposer-prompt.js';
export { DecompositionParseError } from './decomposition-error.js';
export { createVlmDecomposer, type VlmDecomposerOptions } from './vlm-decomposer.js';
export { classifyInstruction, type InstructionAnalysis } from './classify-instruction.js';
export {
  ASPECT_TOLERANCE,
  LOCAL_CHANGE_SHARE,
  MAX_CLIPPED_SHARE,
  TONE_MIN_DELTA,
  WIDESPREAD_CHANGE_SHARE,
} from './rule-checks.js';
export { createRuleDecomposer, decomposeByRules } from './rule-decomposer.js';
export { cacheDecompositions, type DecompositionCacheOptions } from './cached-decomposer.js';
