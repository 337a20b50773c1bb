import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  ChatBackend,
  ChatChoice,
  ChatResult,
  Decomposer,
  FailedSample,
  Judge,
  JudgeInput,
  JudgeOptions,
  Principle,
  SampleSet,
  Usage,
  Verdict,
} from '../core/index.js';
import {
  averageOfPoints,
  BackendError,
  checkPrinciples,
  createStartNowLimit,
  ParseError,
  replyText,
  UsageError,
  verifiedShareOf,
} from '../core/index.js';
import type { EncodedImage, HardRuleFacts, ImageLimits, LoadedImage } from '../images/index.js';
import { compareForHardRules, loadedAlready, loadImage, VlmImageEncoder } from '../images/index.js';
import { summarizeSamples } from './ensemble.js';
import { expectedScoreFromLogprobs } from './expected-score.js';
import { applyHardRules } from './hard-rules.js';
import type { ParseMode } from './parse-verdict.js';
import { parseJudgeReply } from './parse-verdict.js';
import type { PromptVariantName } from './prompt.js';
import { buildJudgeMessages } from './prompt.js';
import { SampleParseError } from './sample-parse-error.js';

export interface VlmJudgeOptions {
  backend: ChatBackend;
  /** Turns (source, instruction) into principles when an input brings none. */
  decomposer?: Decomposer;
  /** Shared across judges to share its cache (a source judged against many edits is encoded once). */
  encoder?: VlmImageEncoder;
  imageLimits?: Partial<ImageLimits>;
  /** For judge(): default 0, the model's most likely verdict. */
  temperature?: number;
  /** For sample(): default 0.7, since N greedy traces would be N copies of one. */
  sampleTemperature?: number;
  /** Default 2048: a trace over ten principles with boxes runs to about a thousand tokens. */
  maxTokens?: number;
  variant?: PromptVariantName;
  parseMode?: ParseMode;
  /** Clamp final scores outside 0-10 instead of refusing those replies. */
  clampOutOfRange?: boolean;
  /** Longest side of the pixel comparison behind the hard rules (default 256). */
  analysisSide?: number;
  /** Ask for token logprobs with this many alternatives, so verdicts carry expectedScore. */
  logprobs?: { top: number };
  /**
   * Most judge calls between start and verdict (default 16, twice a backend's usual concurrency): calls
   * are admitted in arrival order, so a trainer that submits a whole batch at once gets its first
   * requests sent while later images load, instead of every load and decode queueing ahead of them.
   */
  maxPending?: number;
  /** Clock for latencyMs (milliseconds). */
  now?: () => number;
}

interface RequestParts {
  source: LoadedImage;
  edited: LoadedImage;
  principles: Principle[];
  sourceImage: EncodedImage;
  editedImage: EncodedImage;
}

function checkNumber(name: string, value: number, min: number, max: number, integer = false): number {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/** An even share of a request's usage for sample i of n, so that summing over the samples gives the request's. */
function usageShare(usage: Usage | undefined, n: number, i: number): Usage | undefined {
  if (!usage) return undefined;
  const share = (total: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
  return { promptTokens: share(usage.promptTokens), completionTokens: share(usage.completionTokens) };
}

/**
 * The RRM over any chat backend: build the prompt -> call the VLM (the pixel comparison runs meanwhile)
 * -> parse the reply (Phi) -> apply the hard rules -> Verdict. A reply that cannot be parsed is an error,
 * never a score.
 */
export function createVlmJudge(options: VlmJudgeOptions): Judge {
  const { backend, decomposer, variant, analysisSide, logprobs } = options;
  const temperature = checkNumber('temperature', options.temperature ?? 0, 0, 2);
  const sampleTemperature = checkNumber('sampleTemperature', options.sampleTemperature ?? 0.7, 0, 2);
  const maxTokens = checkNumber('maxTokens', options.maxTokens ?? 2048, 1, 1_000_000, true);
  const encoder = options.encoder ?? new VlmImageEncoder();
  const admit = createStartNowLimit(checkNumber('maxPending', options.maxPending ?? 16, 1, 100_000, true));
  const now = options.now ?? (() => performance.now());
  const parseOptions = {
    mode: options.parseMode ?? 'tolerant',
    clampOutOfRange: options.clampOutOfRange === true,
  };

  /** The input's own principles, checked; undefined when they must come from the decomposer. */
  function givenPrinciples(input: JudgeInput): Principle[] | undefined {
    if (!input.principles) return undefined;
    const checked = checkPrinciples(input.principles);
    if (!checked.success) {
      throw new UsageError(`invalid principles: ${checked.error.issues.map((i) => i.message).join('; ')}`);
    }
    return checked.data;
  }

  async function decomposed(input: JudgeInput, call: JudgeOptions): Promise<Principle[]> {
    if (!decomposer) {
      throw new UsageError(
        'no principles to judge against: pass input.principles, or give createVlmJudge a decomposer',
      );
    }
    // The caller's own source (a path hits loadImage's file cache; bytes are not copied).
    const principles = await decomposer.decompose(
      { source: input.source, instruction: input.instruction },
      call,
    );
    if (principles.length === 0) {
      throw new UsageError(
        `decomposer ${decomposer.id} returned no principles: pass principles yourself (--principles FILE) or use another decomposer (--decomposer rule)`,
      );
    }
    return principles;
  }

  /**
   * What a request needs: the two images, the principles, and the images as sent. Whatever is at hand
   * (images the caller loaded, given principles, encodings cached or sent as they are) is taken
   * without waiting, and when all of it is, no promise is made: the request then goes out in the
   * caller's own turn, and a group judged together has its first request at the backend while the
   * rest are still being prepared (see createStartNowLimit).
   */
  function prepare(input: JudgeInput, call: JudgeOptions): RequestParts | Promise<RequestParts> {
    const source = loadedAlready(input.source, options.imageLimits);
    const edited = loadedAlready(input.edited, options.imageLimits);
    if (source && edited) return withEncodings(input, call, source, edited);
    return Promise.all([
      source ?? loadImage(input.source, options.imageLimits),
      edited ?? loadImage(input.edited, options.imageLimits),
    ]).then(([loadedSource, loadedEdit]) => withEncodings(input, call, loadedSource, loadedEdit));
  }

  function withEncodings(
    input: JudgeInput,
    call: JudgeOptions,
    source: LoadedImage,
    edited: LoadedImage,
  ): RequestParts | Promise<RequestParts> {
    const principles = givenPrinciples(input);
    const sourceImage = encoder.encodeNow(source);
    const editedImage = encoder.encodeNow(edited);
    if (principles && sourceImage && editedImage) {
      return { source, edited, principles, sourceImage, editedImage };
    }
    return Promise.all([
      principles ?? decomposed(input, call),
      sourceImage ?? encoder.encode(source),
      editedImage ?? encoder.encode(edited),
    ]).then(([p, s, e]) => ({ source, edited, principles: p, sourceImage: s, editedImage: e }));
  }

  /** One request for n replies, with the pixel facts computed alongside it. */
  async function ask(input: JudgeInput, n: number, temp: number, call: JudgeOptions) {
    if (input.instruction.trim() === '')
      throw new UsageError('the edit instruction is empty: pass the instruction text');
    const ready = prepare(input, call);
    const { source, edited, principles, sourceImage, editedImage } =
      ready instanceof Promise ? await ready : ready;
    const messages = buildJudgeMessages({
      instruction: input.instruction,
      principles,
      sourceUrl: sourceImage,
      editedUrl: editedImage,
      ...(variant ? { variant } : {}),
    });
    const request = { messages, n, temperature: temp, maxTokens, ...(logprobs ? { logprobs } : {}) };
    const reply = backend.complete(
      call.seed === undefined ? request : { ...request, seed: call.seed },
      call.signal,
    );
    // Its verdict is needed only when the reply comes, so the pixel comparison starts on the event
    // loop's next turn: this edit's request (and those of a group judged together) goes out first,
    // instead of waiting behind the comparisons' decode set-up and checks.
    const facts = nextTurn().then(() =>
      compareForHardRules(source, edited, analysisSide === undefined ? {} : { analysisSide }),
    );
    const [pixelFacts, result] = await Promise.all([facts, reply]);
    return { facts: pixelFacts, principles, result };
  }

  function toVerdict(
    choice: ChatChoice,
    index: number,
    context: {
      input: JudgeInput;
      principles: Principle[];
      facts: HardRuleFacts;
      result: ChatResult;
      started: number;
    },
  ): Verdict {
    const { input, principles, facts, result, started } = context;
    const text = replyText(choice);
    const parsed = parseJudgeReply(text, principles, {
      ...parseOptions,
      finishReason: choice.finishReason,
    });
    const { finalScore, rulesApplied } = applyHardRules(facts, parsed.finalScore, input.instruction);
    const verdict: Verdict = {
      points: parsed.points,
      averageScore: averageOfPoints(parsed.points),
      finalScore,
      trace: text,
      judge: `vlm:${result.model}`,
      rulesApplied,
      verifiedShare: verifiedShareOf(parsed.points),
      latencyMs: Math.max(0, now() - started),
    };
    if (parsed.warnings.length > 0) verdict.warnings = parsed.warnings;
    const expected = expectedScoreFromLogprobs(choice.logprobs);
    // A hard rule overrides every score the model gave, its probability-weighted one included.
    if (expected !== undefined) verdict.expectedScore = rulesApplied.length > 0 ? 0 : expected;
    const usage = usageShare(result.usage, result.choices.length, index);
    if (usage) verdict.usage = usage;
    return verdict;
  }

  return {
    id: `vlm:${backend.model}`,

    async judge(input, call = {}) {
      const started = now();
      const { facts, principles, result } = await admit(() => ask(input, 1, temperature, call));
      const choice = result.choices[0];
      if (!choice) {
        throw new BackendError(
          'the server answered with no choices: check that it serves this model through the OpenAI chat completions API',
          { backend: backend.id, retryable: true, summary: 'the VLM answered with no choices' },
        );
      }
      return toVerdict(choice, 0, { input, principles, facts, result, started });
    },

    async sample(input, n, call = {}): Promise<SampleSet> {
      checkNumber('n', n, 1, 1024, true);
      const started = now();
      const { facts, principles, result } = await admit(() => ask(input, n, sampleTemperature, call));
      const verdicts: Verdict[] = [];
      const failures: FailedSample[] = [];
      for (let index = 0; index < n; index++) {
        const choice = result.choices[index];
        if (!choice) {
          failures.push({
            index,
            error: `the backend returned ${result.choices.length} of ${n} replies`,
            raw: '',
          });
          continue;
        }
        try {
          verdicts.push(toVerdict(choice, index, { input, principles, facts, result, started }));
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
          failures.push({ index, error: error.message, raw: error.raw });
        }
      }
      if (verdicts.length === 0) throw new SampleParseError(failures);
      return { verdicts, failures, summary: summarizeSamples(verdicts, failures), principles };
    },
  };
}
