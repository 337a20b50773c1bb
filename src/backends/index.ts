export {
  createOpenAICompatibleBackend,
  DEFAULT_CONCURRENCY as DEFAULT_BACKEND_CONCURRENCY,
  isRetryableStatus,
  refusedParameter,
  type NStrategy,
  type OpenAICompatibleOptions,
} from './openai-compatible/index.js';
export {
  createScriptedBackend,
  type ScriptedBackend,
  type ScriptedBackendOptions,
  type ScriptedChoice,
  type ScriptedReply,
} from './scripted/index.js';
export { backoffDelayMs, parseRetryAfterMs, retryDelayMs, type HeaderSource } from './backoff.js';
