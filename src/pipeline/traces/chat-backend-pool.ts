import { createOpenAICompatibleBackend } from '../../backends/index.js';
import { ConfigError, type ChatBackend } from '../../core/index.js';
import type { BackendConfig, OpenAIBackendConfig } from './backend-config.js';

/** One chat backend per (config backend, model), made on first use and kept. */
export interface ChatBackendPool {
  /** Throws ConfigError when `name` is not a configured openai backend. */
  get(name: string, model: string): ChatBackend;
  /** The openai entry named `name` (for settings such as its concurrency). */
  config(name: string): OpenAIBackendConfig;
}

/**
 * Backends built once for a worker's life and shared by the trace runner and the verifier: each holds
 * its own concurrency limit, so two instances for the same model would let twice the configured
 * requests through.
 */
export function createChatBackendPool(backends: Readonly<Record<string, BackendConfig>>): ChatBackendPool {
  const made = new Map<string, ChatBackend>();

  function config(name: string): OpenAIBackendConfig {
    const entry = Object.hasOwn(backends, name) ? backends[name] : undefined;
    if (!entry) {
      const known = Object.keys(backends).join(', ') || 'none';
      throw new ConfigError(`backends.${name}: no backend of that name (configured: ${known})`);
    }
    if (entry.type !== 'openai') {
      throw new ConfigError(
        `backends.${name}: type ${entry.type} serves no chat model; name an openai backend here`,
      );
    }
    return entry;
  }

  return {
    config,
    get(name, model) {
      const key = JSON.stringify([name, model]);
      let backend = made.get(key);
      if (!backend) {
        const { baseURL, apiKey, timeoutMs, maxRetries, concurrency } = config(name);
        backend = createOpenAICompatibleBackend({
          baseURL,
          model,
          apiKey,
          timeoutMs,
          maxRetries,
          concurrency,
        });
        made.set(key, backend);
      }
      return backend;
    },
  };
}
