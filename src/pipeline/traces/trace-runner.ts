import { DEFAULT_BACKEND_CONCURRENCY } from '../../backends/index.js';
import {
  averageOfPoints,
  ConfigError,
  UsageError,
  type Judge,
  type JudgeInput,
  type Verdict,
} from '../../core/index.js';
import { VlmImageEncoder, type ImageLimits } from '../../images/index.js';
import {
  createEmbeddedJudge,
  createVlmJudge,
  formatRrmTrace,
  parseJudgeReply,
  PROMPT_VARIANT_NAMES,
  type ParseMode,
  type PromptVariantName,
} from '../../rrm/index.js';
import type { TracePayload, TraceResult } from '../types.js';
import type { BackendConfig, EmbeddedNoisyBackendConfig } from './backend-config.js';
import { createChatBackendPool, type ChatBackendPool } from './chat-backend-pool.js';
import { mixSeeds, noisyVerdict } from './noisy-verdict.js';
import { asUnit } from './to-unit-error.js';
import { UnitError } from './unit-error.js';

export interface TraceRunnerOptions {
  /** Shared with the verifier so one model's requests share one concurrency limit (default: its own). */
  pool?: ChatBackendPool;
  /** Shared across judges so a source judged against many edits is encoded once. */
  encoder?: VlmImageEncoder;
  imageLimits?: Partial<ImageLimits>;
  /** The embedded judge behind embedded and embedded-noisy backends (default: createEmbeddedJudge). */
  embeddedJudge?: Judge;
  /**
   * How VLM replies are read (default 'strict'): a trace is SFT data, so one the parser had to repair
   * (pseudo-JSON, paraphrased questions paired by position) is asked again rather than kept.
   */
  parseMode?: ParseMode;
  /** Longest VLM reply (the VLM judge's default when absent). */
  maxTokens?: number;
}

export interface TraceRunOptions {
  signal?: AbortSignal;
  /** The unit's seed (a hash of its key): the request's seed, and the noisy judge's flips. */
  seed: number;
}

export interface TraceRunner {
  /** One trace; a failure the pipeline records is a UnitError (aborts and bugs are rethrown as they are). */
  run(payload: TracePayload, options: TraceRunOptions): Promise<TraceResult>;
}

type TraceMaker<C extends BackendConfig> = (
  payload: TracePayload,
  config: C,
  options: TraceRunOptions,
) => Promise<TraceResult>;

const judgeInput = (payload: TracePayload): JudgeInput => ({
  source: payload.source,
  edited: payload.edited,
  instruction: payload.instruction,
  principles: payload.principles,
});

function promptVariant(name: string): PromptVariantName {
  if ((PROMPT_VARIANT_NAMES as readonly string[]).includes(name)) return name as PromptVariantName;
  throw new ConfigError(`unknown promptVariant "${name}": use one of ${PROMPT_VARIANT_NAMES.join(', ')}`);
}

/** An SFT trace scores every principle: what the embedded judge could not verify fails the unit for good. */
function requireVerified(verdict: Verdict): void {
  const open = verdict.points.filter((p) => p.score === null);
  if (open.length === 0) return;
  throw new UnitError({
    reason: 'unverifiable',
    message: `the embedded judge could not verify ${open.length} of ${verdict.points.length} principles (e.g. "${open[0]!.question}"): a trace must score every one; give these principles checks, or put a VLM in the trace pool`,
    retryable: false,
  });
}

/** The RRM-format trace and what the parser reads back from it, so the result agrees with its text. */
function writtenTrace(
  payload: TracePayload,
  parts: { reasoning: string; points: Verdict['points']; finalScore: number },
): TraceResult {
  const trace = formatRrmTrace(parts);
  const { points } = parseJudgeReply(trace, payload.principles, { mode: 'strict' });
  return { trace, points, averageScore: averageOfPoints(points), finalScore: parts.finalScore };
}

function checkFlip(name: string, config: EmbeddedNoisyBackendConfig): void {
  if (!(config.flip >= 0 && config.flip <= 1)) {
    throw new ConfigError(`backends.${name}.flip: expected a probability from 0 to 1, got ${config.flip}`);
  }
}

/**
 * Runs trace units: each pool member's backend type is a row of the table below. openai: the member's
 * model through the VLM judge with its prompt variant and temperature; the trace is the model's whole
 * reply. embedded: the offline judge's verdict written as an RRM-format trace. embedded-noisy: the same
 * with seeded point flips (noisy-verdict.ts).
 */
export function createTraceRunner(
  backends: Readonly<Record<string, BackendConfig>>,
  options: TraceRunnerOptions = {},
): TraceRunner {
  for (const [name, config] of Object.entries(backends)) {
    if (config.type === 'embedded-noisy') checkFlip(name, config);
  }
  const pool = options.pool ?? createChatBackendPool(backends);
  const encoder = options.encoder ?? new VlmImageEncoder();
  let embedded = options.embeddedJudge;
  const embeddedJudge = () => (embedded ??= createEmbeddedJudge({ imageLimits: options.imageLimits }));
  const vlmJudges = new Map<string, Judge>();

  function vlmJudge(payload: TracePayload): Judge {
    const variant = promptVariant(payload.promptVariant);
    const key = JSON.stringify([payload.backend, payload.model, variant, payload.temperature]);
    let judge = vlmJudges.get(key);
    if (!judge) {
      judge = createVlmJudge({
        backend: pool.get(payload.backend, payload.model),
        encoder,
        imageLimits: options.imageLimits,
        temperature: payload.temperature,
        variant,
        parseMode: options.parseMode ?? 'strict',
        maxTokens: options.maxTokens,
        // Twice the backend's concurrency in flight, so its slots stay full while images load.
        maxPending: 2 * (pool.config(payload.backend).concurrency ?? DEFAULT_BACKEND_CONCURRENCY),
      });
      vlmJudges.set(key, judge);
    }
    return judge;
  }

  const openai: TraceMaker<BackendConfig> = async (payload, _config, { signal, seed }) => {
    const verdict = await vlmJudge(payload).judge(judgeInput(payload), { signal, seed });
    const result: TraceResult = {
      trace: verdict.trace,
      points: verdict.points,
      averageScore: verdict.averageScore,
      finalScore: verdict.finalScore,
    };
    if (verdict.usage) result.usage = verdict.usage;
    return result;
  };

  const embeddedTrace: TraceMaker<BackendConfig> = async (payload, _config, { signal }) => {
    const verdict = await embeddedJudge().judge(judgeInput(payload), { signal });
    requireVerified(verdict);
    return writtenTrace(payload, {
      reasoning: verdict.trace,
      points: verdict.points,
      finalScore: verdict.finalScore,
    });
  };

  const noisyTrace: TraceMaker<EmbeddedNoisyBackendConfig> = async (payload, config, { signal, seed }) => {
    const verdict = await embeddedJudge().judge(judgeInput(payload), { signal });
    requireVerified(verdict);
    const noisy = noisyVerdict(verdict, config.flip, mixSeeds(config.seed ?? 0, seed));
    return writtenTrace(payload, noisy);
  };

  const makers: { [T in BackendConfig['type']]: TraceMaker<Extract<BackendConfig, { type: T }>> } = {
    openai,
    embedded: embeddedTrace,
    'embedded-noisy': noisyTrace,
  };

  return {
    run(payload, runOptions) {
      return asUnit(async () => {
        if (!Number.isFinite(runOptions.seed)) {
          throw new UsageError(`the trace unit's seed must be a number, got ${runOptions.seed}`);
        }
        const config = Object.hasOwn(backends, payload.backend) ? backends[payload.backend] : undefined;
        if (!config) {
          throw new ConfigError(
            `tracePool[${payload.member}].backend: no backend named "${payload.backend}" (configured: ${Object.keys(backends).join(', ') || 'none'})`,
          );
        }
        const make = makers[config.type] as TraceMaker<BackendConfig>;
        return make(payload, config, runOptions);
      });
    },
  };
}
