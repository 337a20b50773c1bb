import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LimitFunction } from 'p-limit';
import { BackendError } from '../../core/index.js';
import { linkedController, raceAbort } from '../abort.js';
import { retryDelayMs } from '../backoff.js';
import { encodeRequestBody } from './encode-body.js';
import { classifyError, failureMessage, type Failure } from './classify-failure.js';
import { parseCompletion, type ParsedCompletion } from './parse-completion.js';

export interface Sender {
  client: OpenAI;
  /** The backend's one concurrency limit: every attempt of every caller takes a slot. */
  limit: LimitFunction;
  backendId: string;
  baseURL: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

type Attempt = { ok: true; completion: ParsedCompletion } | { ok: false; failure: Failure };

/**
 * One HTTP attempt. Our own timer covers the whole exchange (the SDK's covers only until headers
 * arrive), and the clock starts when a slot is free, not while the request waits in the queue.
 * Throws only the caller's abort reason; every other failure comes back as data.
 */
async function attemptOnce(
  sender: Sender,
  body: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  signal?.throwIfAborted();
  const { controller, dispose } = linkedController(signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, sender.timeoutMs);
  try {
    // The SDK's own chat.completions.create would stringify the whole body again for every attempt;
    // posting the bytes sends the same JSON (see encode-body.ts) to the same endpoint.
    const bytes = encodeRequestBody(body);
    const data: unknown = await sender.client.post('/chat/completions', {
      body: bytes,
      headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
      signal: controller.signal,
      timeout: sender.timeoutMs,
      maxRetries: 0,
    });
    const parsed = parseCompletion(data, sender.model);
    if (parsed.ok) return parsed;
    const failure: Failure = {
      kind: 'malformed',
      status: undefined,
      headers: undefined,
      retryable: true,
      detail: parsed.detail,
    };
    return { ok: false, failure };
  } catch (error) {
    signal?.throwIfAborted();
    return { ok: false, failure: classifyError(error, timedOut) };
  } finally {
    clearTimeout(timer);
    dispose();
  }
}

/**
 * Sends one request with the retry policy, written once: retryable failures are tried again up to
 * `maxRetries` times, waiting as the server asked (`retry-after`) or with jittered backoff.
 * A malformed body is retried once only: a proxy's truncated reply can be a blip, but a server that
 * answers garbage twice will keep doing so, and the final error then says it is not retryable.
 * An abort rejects at once with the signal's reason, also during a queued slot or a retry wait.
 */
export async function sendWithRetries(
  sender: Sender,
  body: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal | undefined,
): Promise<ParsedCompletion> {
  let malformedSeen = false;
  for (let attempt = 0; ; attempt++) {
    const outcome = await raceAbort(
      sender.limit(() => attemptOnce(sender, body, signal)),
      signal,
    );
    if (outcome.ok) return outcome.completion;
    const { failure } = outcome;
    const secondMalformed = failure.kind === 'malformed' && malformedSeen;
    malformedSeen ||= failure.kind === 'malformed';
    const retryable = failure.retryable && !secondMalformed;
    if (!retryable || attempt >= sender.maxRetries) {
      const message = failureMessage(failure, {
        backendId: sender.backendId,
        baseURL: sender.baseURL,
        timeoutMs: sender.timeoutMs,
        attempts: attempt + 1,
      });
      throw new BackendError(message, {
        backend: sender.backendId,
        status: failure.status,
        retryable,
        cause: failure.cause,
      });
    }
    const wait = retryDelayMs(attempt, failure.headers, sender.random, Date.now());
    await raceAbort(sender.sleep(wait, signal), signal);
  }
}
