import {
  BackendError,
  EditR1Error,
  ImageTooLargeError,
  InvalidImageError,
  ParseError,
} from '../core/index.js';
import type { ErrorBody } from './schemas.js';

/** An error with the HTTP status and the `error.type` the client sees; the message is safe to send. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode. */
const FASTIFY_TYPES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Waits to suggest after a backend failure, in seconds: the judge has already retried for seconds. */
const BACKEND_RETRY_AFTER_S = 5;
const MAX_RETRY_AFTER_S = 60;

/**
 * A backend failure as the client sees it: the error's summary, never its message, which names the
 * backend's address and the flags that configure it (the log has it whole). Unreachable or overloaded
 * (no status, 429, 5xx) is worth retrying later: 503, with the backend's own retry-after when it sent
 * one; a refusal is a 502.
 */
function backendFailure(error: BackendError): HttpError {
  const what =
    error.summary ??
    (error.status === undefined ? 'the VLM failed' : `the VLM answered HTTP ${error.status}`);
  if (!error.retryable) return new HttpError(502, 'backend_error', `${what}; the server log has the details`);
  const wait =
    error.retryAfterMs === undefined
      ? BACKEND_RETRY_AFTER_S
      : Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  return new HttpError(503, 'backend_error', `${what}; retry later (the server log has the details)`, {
    'retry-after': String(wait),
  });
}

/**
 * Every thrown value to its status and JSON body, in one place. Our error classes keep their message
 * (they are written for users); anything else is an internal error whose detail stays in the log.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ImageTooLargeError) return new HttpError(413, 'payload_too_large', error.message);
  if (error instanceof InvalidImageError) return new HttpError(400, 'bad_request', error.message);
  if (error instanceof BackendError) return backendFailure(error);
  if (error instanceof ParseError) return new HttpError(502, 'parse_error', error.message);
  if (error instanceof EditR1Error) {
    // Usage, config and "nothing verifiable" errors are about what the client sent; model failures (OCR) are not.
    return error.exitCode === 2
      ? new HttpError(400, 'bad_request', error.message)
      : new HttpError(502, 'backend_error', error.message);
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, FASTIFY_TYPES[status] ?? 'bad_request', (error as Error).message);
  }
  return new HttpError(500, 'internal', 'internal error; the server log has the details');
}

export function errorBody(error: HttpError): ErrorBody {
  return { error: { type: error.type, message: error.message } };
}
