import { rootCause } from '../../core/index.js';
import { APIError } from 'openai';
import type { HeaderSource } from '../backoff.js';
import type { HttpAnswer } from './http-transport.js';

/** What went wrong with one attempt, in the terms the retry loop and the final message need. */
export interface Failure {
  kind: 'http' | 'connection' | 'timeout' | 'malformed';
  /** HTTP status when the server answered. */
  status: number | undefined;
  retryable: boolean;
  /** Response headers, for retry-after. */
  headers: HeaderSource | undefined;
  /** What happened, in a few words (the server's error message, a socket error code). */
  detail: string;
  /** What was thrown, kept as the final error's cause. */
  cause?: unknown;
}

/** Request timeout, lock conflict, rate limit, server error: the same request may well succeed later. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The parameter a server refused by name (a 400 whose error names it in `param`, as OpenAI's does),
 * whether the SDK's error comes as it was thrown or as the cause of our BackendError; else undefined.
 */
export function refusedParameter(error: unknown): string | undefined {
  const cause = error instanceof Error && !(error instanceof APIError) ? error.cause : error;
  if (!(cause instanceof APIError) || cause.status !== 400) return undefined;
  return typeof cause.param === 'string' ? cause.param : undefined;
}

/**
 * The error for an answer that is not a 2xx, as the OpenAI SDK makes it from the same answer (its
 * class by status, the server's message and `param` read from its JSON error body), so that callers
 * and messages read a failure the same whichever way the request went.
 */
export function statusError(answer: HttpAnswer): APIError {
  const text = answer.body.toString('utf8');
  let json: object | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') json = parsed;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return APIError.generate(answer.status, json, json ? undefined : text, answer.headers);
}

/** Classifies what one attempt threw (a transport error, a statusError, a SyntaxError); `timedOut` says our own per-attempt timer fired. */
export function classifyError(error: unknown, timedOut: boolean): Failure {
  const none = { status: undefined, headers: undefined };
  if (timedOut) {
    return { kind: 'timeout', ...none, retryable: true, detail: 'timed out', cause: error };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return {
      kind: 'http',
      status: error.status,
      headers: error.headers,
      retryable: isRetryableStatus(error.status),
      detail: error.message,
      cause: error,
    };
  }
  if (error instanceof SyntaxError) {
    const detail = `a body that is not valid JSON (${error.message})`;
    return { kind: 'malformed', ...none, retryable: true, detail, cause: error };
  }
  // Everything else is the transport: refused, reset, or the socket closed mid-body.
  return { kind: 'connection', ...none, retryable: true, detail: rootCause(error), cause: error };
}

/** What to do about an HTTP status, by status; the fallback covers the rest of its class. */
const STATUS_HINTS: Record<number, string> = {
  400: 'the server rejected the request: check --model and that the server supports what was asked (images, n, logprobs, seed)',
  401: 'check the API key (--api-key-env names the environment variable that holds it)',
  403: 'the API key is not allowed this model or endpoint: check --api-key-env and --model',
  404: 'check --base-url (OpenAI-compatible servers serve under /v1) and --model (GET <baseURL>/models lists what the server serves)',
  408: 'the server gave up waiting: lower --concurrency or raise the server timeout',
  409: 'the server reported a conflict: try again later',
  422: 'the server could not process the request: check --model and the request options the server supports',
  429: 'the server is rate-limiting: lower --concurrency or try again later',
};

function hintFor(failure: Failure, context: MessageContext): string {
  switch (failure.kind) {
    case 'timeout':
      return `no answer within ${context.timeoutMs} ms: raise --timeout or check the server`;
    case 'connection':
      return `is the server running at ${context.baseURL}?`;
    case 'malformed':
      return 'check that --base-url points at an OpenAI-compatible endpoint';
    case 'http': {
      const status = failure.status ?? 0;
      if (STATUS_HINTS[status]) return STATUS_HINTS[status];
      return status >= 500
        ? "the server failed: check the server's logs"
        : "check the request against the server's documentation";
    }
  }
}

export interface MessageContext {
  backendId: string;
  baseURL: string;
  timeoutMs: number;
  attempts: number;
}

/** The final error message: which backend, what happened, after how many attempts, and what to do. */
export function failureMessage(failure: Failure, context: MessageContext): string {
  const what =
    failure.kind === 'http'
      ? `HTTP ${failure.detail}`
      : failure.kind === 'connection'
        ? `could not reach the server (${failure.detail})`
        : failure.kind === 'timeout'
          ? 'request timed out'
          : `malformed response (${failure.detail})`;
  const tries = context.attempts === 1 ? '1 attempt' : `${context.attempts} attempts`;
  return `${context.backendId}: ${what} after ${tries}; ${hintFor(failure, context)}`;
}

/** Statuses whose error text is about the request itself (an image too small, a prompt too long): worth passing on. */
const REQUEST_FAULTS = new Set([400, 413, 422]);
/** Long enough for a server's reason, short enough that no error page comes through whole. */
const SUMMARY_DETAIL_CHARS = 200;

/**
 * The failure as a service tells its own remote clients (BackendError.summary): what happened and after
 * how many attempts, without the backend's address or the flags that configure it. A refusal of the
 * request keeps the server's reason, cut short; other statuses keep only their number.
 */
export function failureSummary(failure: Failure, attempts: number): string {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  const status = failure.status ?? 0;
  const reason = failure.detail.replace(new RegExp(`^${status}\\s*`), '').trim();
  const what =
    failure.kind === 'http'
      ? REQUEST_FAULTS.has(status) && reason !== ''
        ? `the VLM refused the request with HTTP ${status} (${reason.length > SUMMARY_DETAIL_CHARS ? `${reason.slice(0, SUMMARY_DETAIL_CHARS)}...` : reason})`
        : `the VLM answered HTTP ${status}`
      : failure.kind === 'connection'
        ? 'the VLM could not be reached'
        : failure.kind === 'timeout'
          ? 'the VLM did not answer in time'
          : 'the VLM answered with something that is not a chat completion';
  return `${what} after ${tries}`;
}
