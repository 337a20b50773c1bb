/**
 * The cold-start SFT data pipeline (PAPER.md section 3, issue 5): the contracts, every part, and the run
 * API the CLI calls (openRun, planAll, runWorker, runStatus, exportRun).
 */
export * from './types.js';
export { unitKey, canonicalJson } from './unit-key.js';
export * from './config/index.js';
export * from './store/index.js';
export * from './inputs/index.js';
export * from './candidates/index.js';
// traces/ and verify/ name their own views of config entries alike (BackendConfig, VerifierConfig); the
// config's types keep the plain names here and theirs are re-exported with a prefix.
export {
  asUnit,
  createChatBackendPool,
  createTraceRunner,
  mixSeeds,
  noisyVerdict,
  toUnitError,
  UnitError,
  type BackendConfig as TraceBackendConfig,
  type ChatBackendPool,
  type EmbeddedBackendConfig,
  type EmbeddedNoisyBackendConfig,
  type NoisyVerdict,
  type OpenAIBackendConfig as TraceOpenAIBackendConfig,
  type TraceRunner,
  type TraceRunnerOptions,
  type TraceRunOptions,
} from './traces/index.js';
export {
  buildVerifierMessages,
  createVerifier,
  parseGoldReply,
  VERIFIER_SYSTEM_PROMPT,
  type Verifier,
  type VerifierConfig as VerifierSettings,
  type VerifierMessagesInput,
  type VerifierOptions,
  type VerifyOptions,
  type VerifyResult,
} from './verify/index.js';
export * from './select/index.js';
export * from './export/index.js';
export * from './run/index.js';
