import { z } from 'zod';
import { ConfigError, type ChatBackend, type Decomposer, type Judge } from './core/index.js';
import { createOpenAICompatibleBackend } from './backends/index.js';
import { loadImage, VlmImageEncoder, type ImageLimits } from './images/index.js';
import { createRuleDecomposer, createVlmDecomposer } from './principles/index.js';
import { createEmbeddedJudge, createVlmJudge } from './rrm/index.js';

/**
 * How to build a judge, as the CLI, the server and library users describe it. Each backend is a row of
 * JUDGE_BACKENDS; adding one means adding a row, not a branch in every caller.
 */
export const JudgeConfigSchema = z.object({
  backend: z.enum(['embedded', 'openai']).default('embedded'),
  baseURL: z.string().url().optional(),
  model: z.string().min(1).optional(),
  apiKey: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
  maxRetries: z.number().int().nonnegative().optional(),
  concurrency: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  /** Longest side of images sent to a VLM. */
  maxSide: z.number().int().positive().optional(),
  /** Who writes the principles when the caller gives none: the VLM itself, or the offline rule decomposer. */
  decomposer: z.enum(['vlm', 'rule']).optional(),
  seed: z.number().int().optional(),
});
export type JudgeConfig = z.input<typeof JudgeConfigSchema> & { imageLimits?: Partial<ImageLimits> };

interface BuiltJudge {
  judge: Judge;
  decomposer: Decomposer;
}

type Parsed = z.output<typeof JudgeConfigSchema> & { imageLimits?: Partial<ImageLimits> };

function requireSetting<T>(value: T | undefined, what: string, flag: string): T {
  if (value === undefined) throw new ConfigError(`the openai backend needs ${what}: pass ${flag}`);
  return value;
}

function buildVlm(config: Parsed): BuiltJudge {
  const backend: ChatBackend = createOpenAICompatibleBackend({
    baseURL: requireSetting(config.baseURL, 'the server URL', '--base-url (e.g. http://localhost:8000/v1)'),
    model: requireSetting(config.model, 'a model name', '--model (e.g. Qwen2.5-VL-7B-Instruct)'),
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    concurrency: config.concurrency,
  });
  const encoder = new VlmImageEncoder({ maxSide: config.maxSide });
  const decomposer =
    config.decomposer === 'rule'
      ? createRuleDecomposer()
      : createVlmDecomposer({
          backend,
          encoder,
          seed: config.seed ?? 0,
          loader: (input) => loadImage(input, config.imageLimits),
        });
  const judge = createVlmJudge({
    backend,
    decomposer,
    encoder,
    imageLimits: config.imageLimits,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
  });
  return { judge, decomposer };
}

function buildEmbedded(config: Parsed): BuiltJudge {
  const decomposer = createRuleDecomposer();
  return { judge: createEmbeddedJudge({ decomposer, imageLimits: config.imageLimits }), decomposer };
}

const JUDGE_BACKENDS: Record<Parsed['backend'], (config: Parsed) => BuiltJudge> = {
  embedded: buildEmbedded,
  openai: buildVlm,
};

/** A judge and the decomposer it uses, from one validated config. */
export function createJudgeAndDecomposer(config: JudgeConfig): BuiltJudge {
  const result = JudgeConfigSchema.safeParse(config);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`invalid judge setting '${issue.path.join('.')}': ${issue.message}`);
  }
  const parsed: Parsed = { ...result.data, imageLimits: config.imageLimits };
  return JUDGE_BACKENDS[parsed.backend](parsed);
}

/** The judge for a config: `createJudge({backend: 'openai', baseURL, model}).judge({source, edited, instruction})`. */
export function createJudge(config: JudgeConfig = {}): Judge {
  return createJudgeAndDecomposer(config).judge;
}
