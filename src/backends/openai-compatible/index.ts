export { createOpenAICompatibleBackend } from './openai-compatible-backend.js';
export type { NStrategy, OpenAICompatibleOptions } from './options.js';
export { DEFAULT_CONCURRENCY } from './options.js';
export { isRetryableStatus, refusedParameter } from './classify-failure.js';
