import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { BackendError, type StartNowLimit } from '../../core/index.js';
import { linkedController, raceAbort } from '../abort.js';
import { parseRetryAfterMs, retryDelayMs } from '../backoff.js';
import { encodeRequestBody } from './encode-body.js';
import {
  classifyError,
  failureMessage,
  failureSummary,
  statusError,
  type Failure,
} from './classify-failure.js';
import type { HttpAnswer } from './http-transport.js';
import { parseCompletion, type ParsedCompletion } from './parse-completion.js';

export interface Sender {
  /** POSTs a chat completion request's bytes, in pieces, to the server's /chat/completions. */
  post: (body: readonly Uint8Array[], signal: AbortSignal) => Promise<HttpAnswer>;
  /** The backend's one concurrency limit: every attempt of every caller takes a slot. */
  limit: StartNowLimit;
  backendId: string;
  baseURL: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/**
 * The answer's JSON. Text that starts as JSON but does not parse (cut short, broken) throws its
 * SyntaxError; any other text (a proxy's HTML page, a plain-text error) comes back as the string,
 * which parseCompletion describes by how it starts.
 */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[[{]/.test(text)) throw error;
    return text;
  }
}

type Attempt = { ok: true; completion: ParsedCompletion } | { ok: false; failure: Failure };

/**
 * One HTTP attempt. The timer covers the whole exchange, and the clock starts when a slot is free,
 * not while the request waits in the queue. Throws only the caller's abort reason; every other
 * failure comes back as data.
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
    const answer = await sender.post(encodeRequestBody(body), controller.signal);
    if (answer.status < 200 || answer.status > 299) throw statusError(answer);
    const data = readJson(answer.body.toString('utf8'));
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
        summary: failureSummary(failure, attempt + 1),
        retryAfterMs: parseRetryAfterMs(failure.headers, Date.now()),
        cause: failure.cause,
      });
    }
    const wait = retryDelayMs(attempt, failure.headers, sender.random, Date.now());
    await raceAbort(sender.sleep(wait, signal), signal);
  }
}
