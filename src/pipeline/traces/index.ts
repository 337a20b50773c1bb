export type {
  BackendConfig,
  EmbeddedBackendConfig,
  EmbeddedNoisyBackendConfig,
  OpenAIBackendConfig,
} from './backend-config.js';
export { createChatBackendPool, type ChatBackendPool } from './chat-backend-pool.js';
export { mixSeeds, noisyVerdict, type NoisyVerdict } from './noisy-verdict.js';
export {
  createTraceRunner,
  type TraceRunner,
  type TraceRunnerOptions,
  type TraceRunOptions,
} from './trace-runner.js';
export { asUnit, toUnitError } from './to-unit-error.js';
export { UnitError } from './unit-error.js';
