/**
 * When to try a failed request again: the server's own `retry-after` when it sent one, otherwise a
 * capped exponential backoff with full jitter. Pure functions, so the policy is tested without a clock.
 */

/** First backoff step: long enough for a restarting server to come back, short enough that a blip costs little. */
export const BACKOFF_BASE_MS = 500;
/** Longest computed backoff: past ~8 s a caller is better served by failing soon and saying why. */
export const BACKOFF_CAP_MS = 8_000;
/** Longest `retry-after` honoured: one odd header must not park a whole run for hours. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** The part of a `Headers` object the policy reads (the SDK's errors carry a web `Headers`). */
export interface HeaderSource {
  get(name: string): string | null;
}

const SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/**
 * The wait a server asked for, in ms: `retry-after-ms` (a non-standard header some APIs send) first,
 * then `retry-after` as delta-seconds or an HTTP date. A date in the past means "now" (0).
 * Undefined when neither header is present or readable.
 */
export function parseRetryAfterMs(headers: HeaderSource | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (SECONDS.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Full jitter: uniform in [0, min(cap, base * 2^attempt)). Spreading retries over the whole window
 * keeps many clients that failed together from coming back together.
 * @param attempt 0 for the wait after the first failure.
 * @param random uniform in [0, 1).
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/** The wait before retry number `attempt + 1`: the server's ask (capped) when it made one, else backoff. */
export function retryDelayMs(
  attempt: number,
  headers: HeaderSource | undefined,
  random: () => number,
  now: number,
): number {
  const asked = parseRetryAfterMs(headers, now);
  return asked === undefined ? backoffDelayMs(attempt, random) : Math.min(asked, RETRY_AFTER_CAP_MS);
}
