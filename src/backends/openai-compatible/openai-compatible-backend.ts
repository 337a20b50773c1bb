import { createStartNowLimit, UsageError } from '../../core/index.js';
import type { ChatBackend, ChatRequest, ChatResult, Usage } from '../../core/index.js';
import { linkedController } from '../abort.js';
import { createHttpPost, postWithFetch } from './http-transport.js';
import { resolveOptions, type OpenAICompatibleOptions } from './options.js';
import type { ParsedCompletion } from './parse-completion.js';
import { sendWithRetries, type Sender } from './send-with-retries.js';
import { refusesMaxTokens, type TokenLimitParam } from './token-limit.js';
import { buildRequestBody, toOpenAIMessages } from './to-openai-request.js';

/** Usage summed over the responses, or none when any response lacked it (a partial sum would mislead). */
function sumUsage(parts: readonly ParsedCompletion[]): Usage | undefined {
  if (parts.some((part) => !part.usage)) return undefined;
  return parts.reduce<Usage>(
    (sum, part) => ({
      promptTokens: sum.promptTokens + part.usage!.promptTokens,
      completionTokens: sum.completionTokens + part.usage!.completionTokens,
    }),
    { promptTokens: 0, completionTokens: 0 },
  );
}

/** Sample i's seed, so that separately requested samples differ; none when the caller gave none. */
function seedAt(seed: number | undefined, i: number): number | undefined {
  return seed === undefined ? undefined : seed + i;
}

/**
 * A ChatBackend for any OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp server, OpenAI).
 * Retries, timeouts and one concurrency limit live here; requests go over node:http (http-transport.ts),
 * or through the caller's fetch.
 * Throws ConfigError for a bad option; `complete` throws BackendError, or the signal's reason on abort.
 */
export function createOpenAICompatibleBackend(input: OpenAICompatibleOptions): ChatBackend {
  const options = resolveOptions(input);
  const backendId = `openai-compatible:${options.baseURL}#${options.model}`;
  const url = new URL(`${options.baseURL}/chat/completions`);
  // The caller's headers last, named in lower case as ours are, so that they replace ours whatever
  // their case: a fetch's Headers would send `User-Agent` and ours joined into one value. No key, no
  // authorization header: keyless local servers need none.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': 'edit-r1',
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const post = options.fetch ? postWithFetch(options.fetch) : createHttpPost();
  const sender: Sender = {
    post: (body, signal) => post(url, body, { headers, signal }),
    limit: createStartNowLimit(options.concurrency),
    backendId,
    baseURL: options.baseURL,
    model: options.model,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    sleep: options.sleep,
    random: options.random,
  };
  // In 'auto', flips once a server returns fewer choices than asked; never flips back.
  let nativeN = options.nStrategy !== 'separate';
  // Flips once a server refuses max_tokens by name (see token-limit.ts); never flips back.
  let tokenLimit: TokenLimitParam = 'max_tokens';

  async function complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    signal?.throwIfAborted();
    const n = request.n ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`n must be a positive integer, got ${n}`);
    const started = performance.now();
    const messages = toOpenAIMessages(request.messages);
    // One failed sample fails the call; the link lets it cancel its siblings instead of waiting on them.
    const { controller, dispose } = linkedController(signal);
    const attempt = (count: number, seed: number | undefined) =>
      sendWithRetries(
        sender,
        buildRequestBody(request, options.model, messages, count, seed, tokenLimit),
        controller.signal,
      );
    const send = async (count: number, seed: number | undefined) => {
      const asked = tokenLimit;
      try {
        return await attempt(count, seed);
      } catch (error) {
        const renamable = request.maxTokens !== undefined && asked === 'max_tokens';
        if (!renamable || !refusesMaxTokens(error)) throw error;
        tokenLimit = 'max_completion_tokens';
        return attempt(count, seed);
      }
    };
    const separately = async (from: number, to: number) => {
      const pending = [];
      for (let i = from; i < to; i++) pending.push(send(1, seedAt(request.seed, i)));
      return Promise.all(pending);
    };
    try {
      let parts: ParsedCompletion[];
      if (n === 1 || !nativeN) {
        parts = await separately(0, n);
      } else {
        const first = await send(n, request.seed);
        const got = first.choices.length;
        if (got < n && options.nStrategy === 'auto') nativeN = false;
        parts = got < n ? [first, ...(await separately(got, n))] : [first];
      }
      return {
        choices: parts.flatMap((part) => part.choices).slice(0, n),
        model: parts[0]!.model,
        usage: sumUsage(parts),
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      controller.abort(error);
      throw error;
    } finally {
      dispose();
    }
  }

  return { id: backendId, model: options.model, complete };
}
