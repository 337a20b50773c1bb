export { startRewardServer } from './start-reward-server.js';
export { tuneHeapForServing } from './serving-heap.js';
export { createRewardApp } from './create-reward-app.js';
export {
  DEFAULT_LIMITS,
  type RewardServerOptions,
  type RunningServer,
  type ServerLimits,
} from './options.js';
export { openAIModelsProbe, alwaysReady, type Readiness, type ReadinessProbe } from './readiness.js';
export { parseKeyList, isLoopback } from './api-keys.js';
export { openApiDocument } from './openapi.js';
export { errorBody, HttpError, toHttpError } from './http-error.js';
export { answerClientError } from './client-error.js';
export { closingGate } from './closing-gate.js';
export { receiveLimit } from './receive-limit.js';
export * from './schemas.js';
export {
  createRewardClient,
  toImageRef,
  type RewardClient,
  type RewardClientOptions,
  type RewardItemInput,
  type RewardsRequestInput,
  type RequestOptions,
} from './client.js';
