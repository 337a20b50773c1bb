import { z } from 'zod';
import { DEFAULT_BACKEND_CONCURRENCY } from '../../backends/index.js';
import { PROMPT_VARIANT_NAMES, type PromptVariantName } from '../../rrm/index.js';
import {
  DEFAULT_FAILURE_MIX,
  FAILURE_MODES,
  MAX_RENDER_SIZE,
  MIN_RENDER_SIZE,
  type FailureMode,
} from '../../world/index.js';
import { checkReferences } from './check-references.js';
import {
  NameSchema,
  PathSchema,
  SeedSchema,
  expecting,
  nonNegativeNumber,
  numberBetween,
  positiveNumber,
  strict,
  wholeNumber,
} from './schema-helpers.js';
import { StoreUrlSchema } from './store-url.js';

const OpenAIBackendSchema = strict({
  type: z.literal('openai'),
  baseURL: z.url({
    protocol: /^https?$/,
    error: expecting('expected an http(s) URL such as http://localhost:8000/v1'),
  }),
  /** The environment variable holding the API key (never the key itself: configs get committed). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name such as OPENAI_API_KEY')
    .optional(),
  requestsPerMinute: positiveNumber().optional(),
  tokensPerMinute: positiveNumber().optional(),
  concurrency: wholeNumber(1, 4096).default(DEFAULT_BACKEND_CONCURRENCY),
  timeoutMs: wholeNumber(1).optional(),
  maxRetries: wholeNumber(0, 20).optional(),
  /** Price per million tokens, for status's cost estimate. */
  pricing: strict({
    promptPerMillion: nonNegativeNumber(),
    completionPerMillion: nonNegativeNumber(),
  }).optional(),
});

const EmbeddedBackendSchema = strict({ type: z.literal('embedded') });

/** The embedded judge with each point's 0/1 flipped with probability `flip`: a cheap, seeded "weaker model". */
const EmbeddedNoisyBackendSchema = strict({
  type: z.literal('embedded-noisy'),
  flip: numberBetween(0, 1),
  seed: SeedSchema.optional(),
});

const BackendSchema = z.discriminatedUnion('type', [
  OpenAIBackendSchema,
  EmbeddedBackendSchema,
  EmbeddedNoisyBackendSchema,
]);

const EditWorldInputsSchema = strict({
  seed: SeedSchema,
  sources: wholeNumber(1, 1_000_000),
  size: wholeNumber(MIN_RENDER_SIZE, MAX_RENDER_SIZE).default(256),
});

/** Exactly one of the two; written as two optional keys so a misspelt key inside either is named. */
const InputsSchema = strict({ jsonl: PathSchema.optional(), editworld: EditWorldInputsSchema.optional() })
  .refine((v) => (v.jsonl === undefined) !== (v.editworld === undefined), {
    message: 'give exactly one of jsonl: PATH or editworld: {seed, sources, size}',
  })
  .transform((v): { jsonl: string } | { editworld: z.output<typeof EditWorldInputsSchema> } =>
    v.jsonl !== undefined ? { jsonl: v.jsonl } : { editworld: v.editworld! },
  );

const DecomposerSchema = z.discriminatedUnion('type', [
  strict({ type: z.literal('given') }),
  strict({ type: z.literal('rule') }),
  strict({ type: z.literal('vlm'), backend: NameSchema, model: z.string().min(1, 'expected a model name') }),
]);

/** Weights of the failure modes; a mode left out weighs 0, and the whole mix defaults to EditWorld's. */
const FailureMixSchema = strict(
  Object.fromEntries(FAILURE_MODES.map((mode) => [mode, nonNegativeNumber().optional()])) as Record<
    FailureMode,
    z.ZodOptional<z.ZodNumber>
  >,
)
  .transform(
    (mix) => Object.fromEntries(FAILURE_MODES.map((m) => [m, mix[m] ?? 0])) as Record<FailureMode, number>,
  )
  .refine((mix) => FAILURE_MODES.some((m) => mix[m] > 0), {
    message: 'give at least one failure mode a weight above 0',
  });

const CandidateSourceSchema = z.discriminatedUnion('type', [
  /** `<path>/<inputId>/*.png|jpg|jpeg|webp`, one candidate per file. */
  strict({ name: NameSchema, type: z.literal('folder'), path: PathSchema }),
  /** Lines `{inputId, edited, id?}`, image paths relative to the file. */
  strict({ name: NameSchema, type: z.literal('jsonl'), path: PathSchema }),
  /** `POST /v1/images/edits` on an openai backend, n candidates per input. */
  strict({
    name: NameSchema,
    type: z.literal('image-edit'),
    backend: NameSchema,
    model: z.string().min(1, 'expected a model name'),
    n: wholeNumber(1, 10).default(1),
  }),
  /** EditWorld's simulated editors (editworld inputs only). */
  strict({
    name: NameSchema,
    type: z.literal('editworld'),
    perInput: wholeNumber(1, 64).default(4),
    mix: FailureMixSchema.default({ ...DEFAULT_FAILURE_MIX }),
  }),
]);

const TraceMemberSchema = strict({
  backend: NameSchema,
  /** Required for openai backends; the embedded judges have no model to name. */
  model: z.string().min(1, 'expected a model name').optional(),
  promptVariant: z
    .string()
    .refine((v) => (PROMPT_VARIANT_NAMES as readonly string[]).includes(v), {
      message: `expected one of ${PROMPT_VARIANT_NAMES.join(', ')}`,
    })
    .transform((v) => v as PromptVariantName)
    .default('standard'),
  temperature: numberBetween(0, 2),
  n: wholeNumber(1, 64).default(1),
});

const VerifierSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('vlm'),
    backend: NameSchema,
    model: z.string().min(1, 'expected a model name'),
    temperature: numberBetween(0, 2).optional(),
  }),
  /** EditWorld's truth as gold (editworld inputs only). */
  strict({ type: z.literal('oracle') }),
]);

const uniqueNames = (list: readonly { name: string }[]) =>
  new Set(list.map((c) => c.name)).size === list.length;

/** The run config as users write it (pipeline.md). Paths are as written; loadRunConfig resolves them. */
export const RunConfigSchema = strict({
  store: StoreUrlSchema.default('sqlite:pipeline.sqlite'),
  workDir: PathSchema.default('run'),
  inputs: InputsSchema,
  backends: z.record(NameSchema, BackendSchema).default({}),
  decomposer: DecomposerSchema,
  candidates: z
    .array(CandidateSourceSchema)
    .min(1, 'give at least one candidate source')
    .refine(uniqueNames, { message: 'candidate source names must be unique' }),
  tracePool: z.array(TraceMemberSchema).min(1, 'give at least one trace-pool member'),
  verifier: VerifierSchema,
  select: strict({ minAccuracy: numberBetween(0, 1).default(0.6) }).default({ minAccuracy: 0.6 }),
  retries: strict({ maxAttempts: wholeNumber(1, 100).default(3) }).default({ maxAttempts: 3 }),
  export: strict({
    images: z.enum(['copy', 'link'], { error: 'expected copy or link' }).default('copy'),
  }).default({
    images: 'copy',
  }),
  seed: SeedSchema.default(0),
}).superRefine(checkReferences);

export type RunConfigInput = z.input<typeof RunConfigSchema>;
export type RunConfig = z.output<typeof RunConfigSchema>;
export type BackendConfig = RunConfig['backends'][string];
export type OpenAIBackendConfig = Extract<BackendConfig, { type: 'openai' }>;
export type InputsConfig = RunConfig['inputs'];
export type EditWorldInputsConfig = z.output<typeof EditWorldInputsSchema>;
export type DecomposerConfig = RunConfig['decomposer'];
export type CandidateSourceConfig = RunConfig['candidates'][number];
export type TraceMemberConfig = RunConfig['tracePool'][number];
export type VerifierConfig = RunConfig['verifier'];
