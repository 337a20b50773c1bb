import { z } from 'zod';
import { ConfigError } from '../../core/index.js';
import { abortableSleep } from '../abort.js';

/** How `n` samples are asked for. */
export type NStrategy = 'auto' | 'native' | 'separate';

export interface OpenAICompatibleOptions {
  /** e.g. 'http://localhost:8000/v1' (vLLM, SGLang), 'http://localhost:11434/v1' (Ollama), 'https://api.openai.com/v1'. */
  baseURL: string;
  model: string;
  /** Many local servers need none; a placeholder is sent then. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Injected fetch (proxies, tests). */
  fetch?: typeof fetch;
  /** Per attempt, from sending to the whole body read. Default 120000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Most requests in flight at once, shared by every caller of this backend. Default 8. */
  concurrency?: number;
  /**
   * 'native': always ask for n in one request, topping up with separate requests when fewer come back.
   * 'separate': n requests of one sample each. 'auto' (default): native until a server returns fewer
   * choices than asked, separate from then on for this backend.
   */
  nStrategy?: NStrategy;
  /** Wait between retries; injected so tests are fast. Must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter; injected so tests are deterministic. */
  random?: () => number;
}

/** Requests a backend sends at once when the caller does not say: what a single local VLM server takes well. */
export const DEFAULT_CONCURRENCY = 8;

const whole = (min: number) =>
  z
    .number({ message: 'expected a number' })
    .int('expected a whole number')
    .min(min, `expected at least ${min}`);
const fn = <T>() => z.custom<T>((value) => typeof value === 'function', { message: 'expected a function' });

// Strict: a misspelt option (`timeout` for `timeoutMs`) is an error, not a silent default.
const OptionsSchema = z.strictObject({
  baseURL: z
    .url({ protocol: /^https?$/, message: 'expected an http(s) URL such as http://localhost:8000/v1' })
    .transform((url) => url.replace(/\/+$/, '')),
  model: z.string().min(1, 'expected a model name'),
  apiKey: z.string().min(1, 'expected a non-empty key (or none at all)').optional(),
  headers: z.record(z.string(), z.string()).optional(),
  fetch: fn<typeof fetch>().optional(),
  timeoutMs: whole(1).default(120_000),
  maxRetries: whole(0).max(20, 'expected at most 20').default(4),
  concurrency: whole(1).default(DEFAULT_CONCURRENCY),
  nStrategy: z.enum(['auto', 'native', 'separate']).default('auto'),
  sleep: fn<(ms: number, signal?: AbortSignal) => Promise<void>>().default(() => abortableSleep),
  random: fn<() => number>().default(() => Math.random),
});

export type ResolvedOptions = z.output<typeof OptionsSchema>;

/** The CLI flag that sets each option, so an error tells the user what to change. */
const OPTION_FLAGS: Partial<Record<keyof OpenAICompatibleOptions, string>> = {
  baseURL: '--base-url',
  model: '--model',
  apiKey: '--api-key-env',
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
  concurrency: '--concurrency',
};

/** Validates and fills defaults; a bad option is a ConfigError that names it (and its flag). */
export function resolveOptions(options: OpenAICompatibleOptions): ResolvedOptions {
  const parsed = OptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(options)';
    const flag = OPTION_FLAGS[issue.path[0] as keyof OpenAICompatibleOptions];
    return `option ${name}: ${issue.message}${flag ? ` (set with ${flag})` : ''}`;
  });
  throw new ConfigError(`openai-compatible backend: invalid ${problems.join('; invalid ')}`);
}
