import { apiKeyOf, type RunConfig } from '../config/index.js';
import type { BackendConfig } from '../traces/index.js';

/**
 * The config's backends as the trace runner and verifier take them: API keys read from their variables,
 * and no retries inside the client unless the config asks for them. A failed call goes back to the worker,
 * whose backend gate pauses the backend and hands the unit back, so other backends go on meanwhile.
 */
export function chatBackends(
  config: Pick<RunConfig, 'backends'>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, BackendConfig> {
  return Object.fromEntries(
    Object.entries(config.backends).map(([name, backend]): [string, BackendConfig] => {
      if (backend.type !== 'openai') return [name, backend];
      return [
        name,
        {
          type: 'openai',
          baseURL: backend.baseURL,
          apiKey: apiKeyOf(backend, env),
          timeoutMs: backend.timeoutMs,
          maxRetries: backend.maxRetries ?? 0,
          concurrency: backend.concurrency,
        },
      ];
    }),
  );
}
