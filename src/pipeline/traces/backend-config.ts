/**
 * The `backends.<name>` entries of the run config, as the trace runner and the verifier read them. The
 * config's zod schema (config/) has these fields and more (rate limits, pricing, apiKeyEnv resolved to
 * apiKey): structural typing lets its output be passed here as it is.
 */
export interface OpenAIBackendConfig {
  type: 'openai';
  baseURL: string;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  concurrency?: number | undefined;
}

/** The offline embedded judge: no model. */
export interface EmbeddedBackendConfig {
  type: 'embedded';
}

/** The embedded judge with each verified point flipped with probability `flip` (a weaker, seeded judge). */
export interface EmbeddedNoisyBackendConfig {
  type: 'embedded-noisy';
  flip: number;
  seed?: number | undefined;
}

export type BackendConfig = OpenAIBackendConfig | EmbeddedBackendConfig | EmbeddedNoisyBackendConfig;
