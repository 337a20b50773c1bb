import { BackendError, ConfigError, replyText, type Usage } from '../../core/index.js';
import { loadImage, VlmImageEncoder, type ImageLimits } from '../../images/index.js';
import {
  asUnit,
  createChatBackendPool,
  UnitError,
  type BackendConfig,
  type ChatBackendPool,
} from '../traces/index.js';
import type { GoldLabel, VerifyPayload } from '../types.js';
import { parseGoldReply } from './parse-gold-reply.js';
import { buildVerifierMessages } from './verifier-prompt.js';

/** The `verifier` entry of the run config (config/ validates it; these are its fields). */
export type VerifierConfig =
  { type: 'vlm'; backend: string; model: string; temperature?: number | undefined } | { type: 'oracle' };

export interface VerifierOptions {
  /** Shared with the trace runner so one model's requests share one concurrency limit. */
  pool?: ChatBackendPool;
  encoder?: VlmImageEncoder;
  imageLimits?: Partial<ImageLimits>;
  /** Longest reply (default 2048: ten labels with one-sentence reasons need well under 1000 tokens). */
  maxTokens?: number;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  seed?: number;
}

export interface VerifyResult {
  gold: GoldLabel[];
  usage?: Usage;
}

export interface Verifier {
  /** Gold labels for one quadruple; a failure the pipeline records is a UnitError. */
  verify(payload: VerifyPayload, options?: VerifyOptions): Promise<VerifyResult>;
}

function vlmVerifier(
  config: Extract<VerifierConfig, { type: 'vlm' }>,
  backends: Readonly<Record<string, BackendConfig>>,
  options: VerifierOptions,
): Verifier {
  const temperature = config.temperature ?? 0;
  if (!(temperature >= 0 && temperature <= 2)) {
    throw new ConfigError(`verifier.temperature: expected a number from 0 to 2, got ${temperature}`);
  }
  const pool = options.pool ?? createChatBackendPool(backends);
  // Made now, so a verifier naming a missing or non-chat backend fails when the run starts.
  const backend = pool.get(config.backend, config.model);
  const encoder = options.encoder ?? new VlmImageEncoder();
  const maxTokens = options.maxTokens ?? 2048;

  return {
    verify: (payload, call = {}) =>
      asUnit(async () => {
        const [source, edited] = await Promise.all([
          loadImage(payload.source, options.imageLimits).then((image) => encoder.encode(image)),
          loadImage(payload.edited, options.imageLimits).then((image) => encoder.encode(image)),
        ]);
        const messages = buildVerifierMessages({
          instruction: payload.instruction,
          principles: payload.principles,
          sourceUrl: source,
          editedUrl: edited,
          references: payload.references,
        });
        const request = { messages, n: 1, temperature, maxTokens };
        const result = await backend.complete(
          call.seed === undefined ? request : { ...request, seed: call.seed },
          call.signal,
        );
        const choice = result.choices[0];
        if (!choice) {
          throw new BackendError('the server answered with no choices', {
            backend: backend.id,
            retryable: true,
          });
        }
        let gold: GoldLabel[];
        try {
          gold = parseGoldReply(replyText(choice), payload.principles);
        } catch (error) {
          if (!(error instanceof UnitError) || choice.finishReason !== 'length') throw error;
          const { failure } = error;
          if (failure.message.endsWith('raise maxTokens')) throw error;
          throw new UnitError({
            ...failure,
            message: `${failure.message} (the reply was cut off at ${maxTokens} tokens: raise maxTokens)`,
          });
        }
        return result.usage ? { gold, usage: result.usage } : { gold };
      }),
  };
}

function oracleVerifier(): Verifier {
  return {
    verify: (payload) =>
      asUnit(async () => {
        const gold = payload.oracleGold;
        if (!gold) {
          throw new UnitError({
            reason: 'no-oracle',
            message: `quadruple ${payload.quadrupleId} has no oracle labels: the oracle verifier works only on EditWorld candidates; use verifier {type: vlm} for other inputs`,
            retryable: false,
          });
        }
        if (gold.length !== payload.principles.length) {
          throw new UnitError({
            reason: 'wrong-length',
            message: `quadruple ${payload.quadrupleId}: the oracle gives ${gold.length} labels for ${payload.principles.length} principles`,
            retryable: false,
          });
        }
        return { gold };
      }),
  };
}

/**
 * The verifier of PAPER.md 3.5. 'vlm': the named openai backend's model sees both images, the
 * instruction, the principles and the traces' predictions as references, at `temperature` (default 0),
 * and answers `{"gold": [...]}`. 'oracle': the world's own truth carried by EditWorld candidates.
 */
export function createVerifier(
  config: VerifierConfig,
  backends: Readonly<Record<string, BackendConfig>>,
  options: VerifierOptions = {},
): Verifier {
  return config.type === 'oracle' ? oracleVerifier() : vlmVerifier(config, backends, options);
}
