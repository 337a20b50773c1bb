import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { BackendError, ConfigError, ParseError, rootCause, UsageError } from '../core/index.js';
import type { ImageInput, Principle } from '../core/index.js';
import { retryDelayMs } from '../backends/index.js';
import { loadImage } from '../images/index.js';
import type { ImageLimits } from '../images/index.js';
import {
  DecomposeResponseSchema,
  ErrorBodySchema,
  RewardsRequestSchema,
  RewardsResponseSchema,
  type RewardItem,
  type RewardsRequest,
  type RewardsResponse,
} from './schemas.js';

/**
 * A typed client for the reward service (`edit-r1 serve`). Images may be file paths or bytes: they are
 * read and sent as data URLs. Requests and answers are checked against the same schemas the server
 * uses, so a mismatch is found at the boundary, not three calls later in a trainer.
 */
export interface RewardClientOptions {
  /** The server's root, e.g. `http://localhost:8080` (the routes add `/v1/...` themselves). */
  baseURL: string;
  /** One of the keys the server was started with (`--keys-env`, `--keys-file`). */
  apiKey?: string;
  /** Per attempt, until the whole answer is read. Default 300 s: a large group judged by a VLM takes a while. */
  timeoutMs?: number;
  /** Retries after 429, 503 or a refused connection. Default 3. */
  maxRetries?: number;
  fetch?: typeof fetch;
  /** How to wait before a retry (tests inject one that records the waits). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter when the server named no wait. */
  random?: () => number;
  /** Limits applied when reading paths and bytes into data URLs. */
  imageLimits?: Partial<ImageLimits>;
}

/** A reward item as a caller gives it: images as paths, bytes, data URLs, base64 or http(s) URLs. */
export type RewardItemInput = Omit<RewardItem, 'source' | 'edited'> & {
  source: ImageInput;
  edited: ImageInput[];
};
export type RewardsRequestInput = Omit<RewardsRequest, 'items'> & { items: RewardItemInput[] };

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface RewardClient {
  rewards(request: RewardsRequestInput, options?: RequestOptions): Promise<RewardsResponse>;
  decompose(
    input: { source: ImageInput; instruction: string },
    options?: RequestOptions,
  ): Promise<{ principles: Principle[] }>;
  /** The server is up (GET /healthz). False, never a throw, when it cannot be reached. */
  health(): Promise<boolean>;
  /** The server's judge backend is reachable (GET /readyz). */
  ready(): Promise<boolean>;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_MAX_RETRIES = 3;
/** A probe that hangs is a failed probe: the server answers /readyz within about 5 s. */
const PROBE_TIMEOUT_MS = 10_000;
/** Busy (queue full) or not ready yet (starting, draining): the same request will do later. */
const RETRIED_STATUSES = new Set([429, 503]);
/** Worth sending again later, but not retried here: a gateway failure or the server's deadline. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

const MIME_BY_FORMAT: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  heif: 'image/heif',
};
const PASS_THROUGH = /^(data:|https?:\/\/)/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // missing, or too long to be a path (ENAMETOOLONG): base64, then
  }
}

/**
 * An image as the service takes it. Data URLs and http(s) URLs are sent as they are (the server
 * checks them); a string of base64 that names no file is sent as it is; paths and bytes are read,
 * checked to be an image within the limits, and sent as a data URL of their real type.
 */
export async function toImageRef(input: ImageInput, limits: Partial<ImageLimits> = {}): Promise<string> {
  if (typeof input === 'string') {
    if (PASS_THROUGH.test(input)) return input;
    // JPEG base64 starts with "/9j/", which looks like a path: a file that exists wins.
    if (BASE64.test(input) && !(await isFile(input))) return input;
  }
  const image = await loadImage(input, limits);
  const mime = MIME_BY_FORMAT[image.format] ?? `image/${image.format}`;
  return `data:${mime};base64,${image.bytes.toString('base64')}`;
}

/** The server's own words from an error body, else the start of whatever it sent. */
function errorDetail(text: string): string {
  try {
    const body = ErrorBodySchema.safeParse(JSON.parse(text));
    if (body.success) return `${body.data.error.type}: ${body.data.error.message}`;
  } catch {
    // not JSON: a proxy's HTML page, say
  }
  return text.trim().slice(0, 200) || '(empty body)';
}

function hintFor(status: number): string {
  if (status === 401 || status === 403)
    return '; check the API key (apiKey, one of the keys the server was given)';
  if (status === 404)
    return "; check baseURL: it is the server's root, e.g. http://localhost:8080, without /v1";
  if (status === 413) return '; send fewer or smaller images per request';
  return '';
}

function usageIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`;
}

type Attempt =
  | { kind: 'answer'; response: Response; text: string }
  | { kind: 'connection'; detail: string }
  | { kind: 'timeout' };

export function createRewardClient(options: RewardClientOptions): RewardClient {
  if (!/^https?:\/\/[^/]/i.test(options.baseURL)) {
    throw new ConfigError(
      `baseURL must be an http(s) URL such as http://localhost:8080; got '${options.baseURL}'`,
    );
  }
  const baseURL = options.baseURL.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : undefined));
  const random = options.random ?? Math.random;
  const service = `reward server ${baseURL}`;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  /** One exchange, body read included, under its own timer. Throws only the caller's abort reason. */
  async function attempt(
    method: string,
    path: string,
    body: string | undefined,
    signal?: AbortSignal,
    limitMs = timeoutMs,
  ) {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    try {
      const response = await doFetch(`${baseURL}${path}`, {
        method,
        headers,
        body,
        signal: controller.signal,
      });
      return { kind: 'answer', response, text: await response.text() } satisfies Attempt;
    } catch (error) {
      signal?.throwIfAborted();
      if (timedOut) return { kind: 'timeout' } satisfies Attempt;
      return { kind: 'connection', detail: rootCause(error) } satisfies Attempt;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Sends with retries on 429, 503 and refused connections, then maps the outcome to a typed error or a parsed body. */
  async function send<T>(
    path: string,
    payload: unknown,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const body = JSON.stringify(payload);
    for (let tries = 1; ; tries++) {
      const outcome: Attempt = await attempt('POST', path, body, signal);
      const retriesLeft = tries <= maxRetries;
      const after = ` after ${tries} attempt${tries === 1 ? '' : 's'}`;
      if (outcome.kind === 'timeout') {
        throw new BackendError(
          `${service}: no answer within ${timeoutMs} ms; raise timeoutMs or send smaller batches`,
          {
            backend: service,
            retryable: true,
          },
        );
      }
      if (outcome.kind === 'connection') {
        if (retriesLeft) {
          await sleep(retryDelayMs(tries - 1, undefined, random, Date.now()), signal);
          continue;
        }
        throw new BackendError(
          `${service}: could not connect (${outcome.detail})${after}; is 'edit-r1 serve' running?`,
          {
            backend: service,
            retryable: true,
          },
        );
      }
      const { response, text } = outcome;
      const status = response.status;
      if (response.ok) return parseAnswer(text, schema);
      if (RETRIED_STATUSES.has(status) && retriesLeft) {
        // One retry policy for every HTTP client of ours: the server's retry-after, else jittered backoff.
        await sleep(retryDelayMs(tries - 1, response.headers, random, Date.now()), signal);
        continue;
      }
      const detail = `HTTP ${status} ${errorDetail(text)}`;
      if (status < 500 && status !== 429)
        throw new UsageError(`${service} refused the request: ${detail}${hintFor(status)}`);
      throw new BackendError(`${service}: ${detail}${after}`, {
        backend: service,
        status,
        retryable: RETRYABLE_STATUSES.has(status),
      });
    }
  }

  function parseAnswer<T>(text: string, schema: z.ZodType<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ParseError(
        `${service} answered with a body that is not JSON; is baseURL the reward server?`,
        text,
        {
          cause: error,
        },
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ParseError(`${service} answered in an unexpected shape (${usageIssue(parsed.error)})`, text);
    }
    return parsed.data;
  }

  async function probe(path: string): Promise<boolean> {
    try {
      const outcome = await attempt('GET', path, undefined, undefined, Math.min(timeoutMs, PROBE_TIMEOUT_MS));
      return outcome.kind === 'answer' && outcome.response.ok;
    } catch {
      return false;
    }
  }

  return {
    async rewards(input, { signal } = {}) {
      const limits = options.imageLimits;
      const items = await Promise.all(
        input.items.map(async (item) => ({
          ...item,
          source: await toImageRef(item.source, limits),
          edited: await Promise.all(item.edited.map((image) => toImageRef(image, limits))),
        })),
      );
      const request = RewardsRequestSchema.safeParse({ ...input, items });
      if (!request.success) throw new UsageError(`invalid rewards request: ${usageIssue(request.error)}`);
      const answer = await send('/v1/rewards', request.data, RewardsResponseSchema, signal);
      // A trainer maps rewards back by position, so a short answer must not pass as a whole one.
      const counts = answer.results.map((result) => result.rewards.length);
      const expected = items.map((item) => item.edited.length);
      if (counts.join() !== expected.join()) {
        throw new ParseError(
          `${service} answered [${counts.join(', ')}] rewards per item for [${expected.join(', ')}] edits`,
          JSON.stringify(answer),
        );
      }
      return answer;
    },

    async decompose({ source, instruction }, { signal } = {}) {
      if (!instruction.trim())
        throw new UsageError('the instruction is empty; give the edit instruction to decompose');
      const payload = { source: await toImageRef(source, options.imageLimits), instruction };
      return send('/v1/decompose', payload, DecomposeResponseSchema, signal);
    },

    health: () => probe('/healthz'),
    ready: () => probe('/readyz'),
  };
}
