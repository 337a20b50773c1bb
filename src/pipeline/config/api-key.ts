import type { OpenAIBackendConfig } from './schema.js';

/** The backend's API key from the variable its apiKeyEnv names; unset or empty is no key (local servers need none). */
export function apiKeyOf(
  backend: OpenAIBackendConfig,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return backend.apiKeyEnv === undefined ? undefined : env[backend.apiKeyEnv] || undefined;
}
