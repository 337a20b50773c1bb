import { z } from 'zod';
import { ConfigError, type ChatBackend, type Decomposer, type Judge } from './core/index.js';
import { createOpenAICompatibleBackend, DEFAULT_BACKEND_CONCURRENCY } from './backends/index.js';
import { loadImage, VlmImageEncoder, type ImageLimits } from './images/index.js';
import { cacheDecompositions, createRuleDecomposer, createVlmDecomposer } from './principles/index.js';
import { createEmbeddedJudge, createVlmJudge } from './rrm/index.js';

const positiveInt = z.number().int().positive();

/**
 * How to build a judge, as the CLI, the server and library users describe it. Each backend is a row of
 * JUDGE_BACKENDS; adding one means adding a row, not a branch in every caller. Strict: a misspelt
 * setting (`baseUrl` for `baseURL`) is an error, not a silent default.
 */
export const JudgeConfigSchema = z.strictObject({
  backend: z.enum(['embedded', 'openai']).default('embedded'),
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().min(1).optional(),
  apiKey: z.string().optional(),
  timeoutMs: positiveInt.optional(),
  maxRetries: z.number().int().nonnegative().optional(),
  concurrency: positiveInt.optional(),
  /** For single judgements (the VLM judge's default is 0, its most likely verdict). */
  temperature: z.number().min(0).max(2).optional(),
  /** For N-sample sets (the VLM judge's default is 0.7: N greedy traces would be N copies of one). */
  sampleTemperature: z.number().min(0).max(2).optional(),
  maxTokens: positiveInt.optional(),
  /** Ask the server for this many alternatives per token, so verdicts carry the expected score (vLLM allows up to 20). */
  logprobs: z.number().int().min(1).max(20).optional(),
  /** Longest side of images sent to a VLM. */
  maxSide: positiveInt.optional(),
  /** Who writes the principles when the caller gives none: the VLM itself, or the offline rule decomposer. */
  decomposer: z.enum(['vlm', 'rule']).optional(),
  seed: z.number().int().optional(),
  imageLimits: z
    .strictObject({
      maxPixels: positiveInt.optional(),
      maxBytes: positiveInt.optional(),
      allowRemote: z.boolean().optional(),
      remoteTimeoutMs: positiveInt.optional(),
      fetch: z.custom<typeof fetch>((v) => typeof v === 'function', 'expected a function').optional(),
    })
    .optional(),
});
export type JudgeConfig = z.input<typeof JudgeConfigSchema>;
type Parsed = z.output<typeof JudgeConfigSchema>;

/** The CLI flag behind each setting, so an error tells a CLI user what to change (library users see the key). */
const SETTING_FLAGS: Partial<Record<string, string>> = {
  backend: '--backend',
  baseURL: '--base-url',
  model: '--model',
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
  concurrency: '--concurrency',
  temperature: '--temperature',
  sampleTemperature: '--temperature',
  maxTokens: '--max-tokens',
  logprobs: '--logprobs',
  maxSide: '--max-side',
  decomposer: '--decomposer',
  seed: '--seed',
  'imageLimits.maxPixels': '--max-pixels',
  'imageLimits.allowRemote': '--allow-remote',
};

interface BuiltJudge {
  judge: Judge;
  decomposer: Decomposer;
}

function requireSetting<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ConfigError(`the openai backend needs ${what}`);
  return value;
}

function buildVlm(config: Parsed): BuiltJudge {
  const backend: ChatBackend = createOpenAICompatibleBackend({
    baseURL: requireSetting(
      config.baseURL,
      'a server URL (baseURL): pass --base-url or set EDIT_R1_BASE_URL, e.g. http://localhost:8000/v1',
    ),
    model: requireSetting(
      config.model,
      'a model name (model): pass --model or set EDIT_R1_MODEL, e.g. Qwen2.5-VL-7B-Instruct',
    ),
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    concurrency: config.concurrency,
  });
  const imageLimits: Partial<ImageLimits> | undefined = config.imageLimits;
  const encoder = new VlmImageEncoder({ maxSide: config.maxSide });
  const decomposer =
    config.decomposer === 'rule'
      ? createRuleDecomposer()
      : // One decomposition per (source, instruction), however many edits of it are judged.
        cacheDecompositions(
          createVlmDecomposer({
            backend,
            encoder,
            seed: config.seed ?? 0,
            loader: (input) => loadImage(input, imageLimits),
          }),
          { imageLimits },
        );
  const judge = createVlmJudge({
    backend,
    decomposer,
    encoder,
    imageLimits,
    temperature: config.temperature,
    sampleTemperature: config.sampleTemperature,
    maxTokens: config.maxTokens,
    ...(config.logprobs === undefined ? {} : { logprobs: { top: config.logprobs } }),
    // Twice the backend's concurrency in flight, so its slots stay full while the next images load;
    // a fixed 16 would cap a backend allowed 32 at half its capacity.
    maxPending: 2 * (config.concurrency ?? DEFAULT_BACKEND_CONCURRENCY),
  });
  return { judge, decomposer };
}

function buildEmbedded(config: Parsed): BuiltJudge {
  if (config.decomposer === 'vlm') {
    throw new ConfigError(
      'the VLM decomposer (--decomposer vlm) needs a VLM: add --backend openai --base-url ... --model ..., or use --decomposer rule',
    );
  }
  const decomposer = createRuleDecomposer();
  return { judge: createEmbeddedJudge({ decomposer, imageLimits: config.imageLimits }), decomposer };
}

const JUDGE_BACKENDS: Record<Parsed['backend'], (config: Parsed) => BuiltJudge> = {
  embedded: buildEmbedded,
  openai: buildVlm,
};

/** A judge and the decomposer it uses, from one validated config. Throws ConfigError naming the bad setting. */
export function createJudgeAndDecomposer(config: JudgeConfig): BuiltJudge {
  const result = JudgeConfigSchema.safeParse(config);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.');
    const flag = SETTING_FLAGS[key];
    throw new ConfigError(
      `invalid judge setting '${key || '(config)'}'${flag ? ` (${flag})` : ''}: ${issue.message}`,
    );
  }
  return JUDGE_BACKENDS[result.data.backend](result.data);
}

/** The judge for a config: `createJudge({backend: 'openai', baseURL, model}).judge({source, edited, instruction})`. */
export function createJudge(config: JudgeConfig = {}): Judge {
  return createJudgeAndDecomposer(config).judge;
}
