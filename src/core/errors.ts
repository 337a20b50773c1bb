/**
 * One error base for the whole toolkit, with subclasses a caller can branch on.
 * Each class carries the CLI exit code it maps to, so that mapping lives in one place.
 */
export class EditR1Error extends Error {
  /** Exit status the CLI uses for this class of failure. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller passed something unusable: a bad flag, a malformed principles file, a wrong argument. */
export class UsageError extends EditR1Error {
  override readonly exitCode = 2;
}

/** A setting is missing or invalid. The message names the flag and the environment variable. */
export class ConfigError extends EditR1Error {
  override readonly exitCode = 2;
}

/** An image could not be read, decoded or accepted (corrupt, truncated, not an image, over a limit). */
export class InvalidImageError extends EditR1Error {
  override readonly exitCode = 2;
  /** Where the image came from, for messages: a path, 'data URL', 'buffer' or a URL. */
  readonly origin: string;
  constructor(message: string, origin: string, options?: { cause?: unknown }) {
    super(message, options);
    this.origin = origin;
  }
}

/** An image is over the configured pixel or byte limit (a subclass so callers can map it to 413). */
export class ImageTooLargeError extends InvalidImageError {}

/** A model backend failed: HTTP error, timeout, connection refused, malformed response body. */
export class BackendError extends EditR1Error {
  override readonly exitCode = 3;
  /** HTTP status when the server answered, undefined for connection failures and timeouts. */
  readonly status: number | undefined;
  /** Whether the same request may succeed if sent again. */
  readonly retryable: boolean;
  /** The backend that failed, e.g. 'openai-compatible:http://localhost:8000/v1'. */
  readonly backend: string;
  /**
   * What failed in a few words fit for a service's own remote clients: no address and no hint meant
   * for whoever runs the backend (those stay in `message`, for the log). Undefined when not given.
   * Not readonly, as `message` is not: a caller may prefix both with where the failure happened.
   */
  summary: string | undefined;
  /** How long the backend asked callers to wait before trying again (its retry-after), when it did. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    init: {
      backend: string;
      status?: number | undefined;
      retryable: boolean;
      summary?: string;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { cause: init.cause });
    this.backend = init.backend;
    this.status = init.status;
    this.retryable = init.retryable;
    this.summary = init.summary;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Model output could not be parsed. The raw text is always kept: it is the evidence, and a score
 * is never invented in its place.
 */
export class ParseError extends EditR1Error {
  override readonly exitCode = 3;
  readonly raw: string;
  constructor(message: string, raw: string, options?: { cause?: unknown }) {
    super(message, options);
    this.raw = raw;
  }
}

/** Exit status for any thrown value: our classes carry theirs, anything else is an internal error (1). */
export function exitCodeFor(error: unknown): number {
  return error instanceof EditR1Error ? error.exitCode : 1;
}
