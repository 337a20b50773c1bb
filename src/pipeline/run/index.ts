/** The pipeline's runner: planning, workers, status and export over a run, and the pieces they use. */
export { openRun } from './open-run.js';
export { planAll } from './plan-all.js';
export { planInput, LOCAL_RESOURCE, type PlanContext } from './plan-input.js';
export { runWorker } from './run-worker.js';
export { runStatus } from './run-status.js';
export { exportRun, type ExportRunOptions } from './export-run.js';
export type { Run, RunOptions, RunSummary, RunStatus } from './run-types.js';
export type { CandidatePayload, DecomposePayload, DecomposeResult, SelectPayload } from './unit-payloads.js';
export { seedOfKey } from './seed-of-key.js';
export {
  createBackendGate,
  type BackendGate,
  type GateCall,
  type GateLimits,
  type GateOptions,
  type GateState,
} from './backend-gate.js';
export { createTokenBucket, type TokenBucket } from './token-bucket.js';
export {
  createProgress,
  formatDuration,
  formatStageLine,
  type Progress,
  type ProgressOptions,
} from './progress.js';
export { estimateCost, formatCost, type BackendCost, type Pricing } from './cost.js';
