import { setTimeout as delay } from 'node:timers/promises';
import { parseRetryAfterMs, retryDelayMs, type HeaderSource } from '../../backends/index.js';
import { BackendError, ConfigError, UsageError } from '../../core/index.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** A backend's limits as the run config gives them (`backends.<name>`). */
export interface GateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  concurrency: number;
}

export interface GateOptions {
  /** Ms clock (default Date.now). */
  now?: () => number;
  /** Waits `ms`; the gate aborts a wait it no longer needs (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Uniform in [0, 1), for backoff jitter. Jitter decides only when a call is tried, never a result, and
   * it exists to spread workers apart, so the default is Math.random rather than a shared seed.
   */
  rng?: () => number;
}

/** What a call reports back: its value and, when known, the tokens it really used (prompt + completion). */
export interface GateCall<T> {
  value: T;
  tokens?: number;
}

export interface GateState {
  paused: boolean;
  /** Ms timestamp when new calls may start again; null when not paused. */
  pausedUntil: number | null;
  /** Outages in a row (0 after a success); while above 0 one probe call at a time goes through. */
  consecutiveFailures: number;
  inFlight: number;
  waiting: number;
}

export interface BackendGate {
  readonly name: string;
  /**
   * Waits for a slot and for the request and token budgets (the estimate is charged up front and
   * corrected by `tokens` afterwards), then runs `fn`. A retryable BackendError pauses the gate and is
   * rethrown, so the caller can hand its unit back. `signal` aborts the wait and is passed to `fn`.
   */
  run<T>(
    estimatedTokens: number,
    fn: (signal: AbortSignal) => Promise<GateCall<T>>,
    signal?: AbortSignal,
  ): Promise<T>;
  state(): GateState;
}

interface Waiter {
  estimate: number;
  start: () => void;
}

function checkLimits(name: string, limits: GateLimits): void {
  const field = `backends.${name}`;
  if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
    throw new ConfigError(
      `${field}.concurrency: expected a whole number of at least 1, got ${limits.concurrency}`,
    );
  }
  for (const key of ['requestsPerMinute', 'tokensPerMinute'] as const) {
    const value = limits[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new ConfigError(
        `${field}.${key}: expected a positive number or nothing (no limit), got ${value}`,
      );
    }
  }
}

/** The response headers behind a BackendError (the SDK's error is its cause), for `retry-after`. */
function headersOf(error: unknown): HeaderSource | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const headers = (current as { headers?: unknown }).headers;
    if (typeof (headers as HeaderSource | undefined)?.get === 'function') return headers as HeaderSource;
    current = current.cause;
  }
  return undefined;
}

/**
 * One backend's door: concurrency, requests/min and tokens/min, and outage pauses. Waiters go in FIFO
 * order, so a large request is never starved by small ones behind it.
 *
 * Outages: a retryable BackendError (refused, 5xx, 429, timeout) stops new calls for a backoff delay
 * (the server's retry-after when it sent one, else the backends' capped exponential backoff with
 * jitter, growing with outages in a row). Only calls started after the last counted failure move the
 * count: when 16 calls in flight fail together that is one outage, not 16, and a slow call begun before
 * the outage that then succeeds proves nothing. After a pause one probe call goes alone, so a dead
 * server gets one request per pause rather than a full burst.
 */
export function createBackendGate(name: string, limits: GateLimits, options: GateOptions = {}): BackendGate {
  checkLimits(name, limits);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const random = options.rng ?? Math.random;
  const requests: TokenBucket | undefined =
    limits.requestsPerMinute === undefined ? undefined : createTokenBucket(limits.requestsPerMinute, now);
  const tokens: TokenBucket | undefined =
    limits.tokensPerMinute === undefined ? undefined : createTokenBucket(limits.tokensPerMinute, now);

  const waiters: Waiter[] = [];
  let inFlight = 0;
  let pausedUntil = 0;
  let consecutiveFailures = 0;
  /** Bumped by each counted failure; a call's outcome counts only if none was counted since it started. */
  let epoch = 0;
  let timer: { at: number; controller: AbortController } | undefined;

  function cancelTimer(): void {
    timer?.controller.abort();
    timer = undefined;
  }

  /** Makes sure `pump` runs again by `at` (an earlier pending wake-up is enough). */
  function wakeAt(at: number): void {
    if (timer && timer.at <= at) return;
    cancelTimer();
    const mine = { at, controller: new AbortController() };
    timer = mine;
    sleep(Math.max(1, Math.ceil(at - now())), mine.controller.signal).then(
      () => {
        if (timer !== mine) return;
        timer = undefined;
        pump();
      },
      () => {}, // aborted: a newer wake-up or an empty queue replaced it
    );
  }

  /** Starts waiters from the head while the pause, the slots and both budgets allow. */
  function pump(): void {
    while (waiters.length > 0) {
      const head = waiters[0]!;
      const t = now();
      if (t < pausedUntil) return wakeAt(pausedUntil);
      const slots = consecutiveFailures > 0 ? 1 : limits.concurrency;
      if (inFlight >= slots) return; // a finishing call pumps again
      const wait = Math.max(requests?.waitMs(1) ?? 0, tokens?.waitMs(head.estimate) ?? 0);
      if (wait > 0) return wakeAt(t + wait);
      waiters.shift();
      requests?.take(1);
      tokens?.take(head.estimate);
      inFlight++;
      head.start();
    }
    cancelTimer();
  }

  function acquire(estimate: number, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(signal?.reason as Error);
        pump();
      };
      const waiter: Waiter = {
        estimate,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
      pump();
    });
  }

  function recordOutage(error: BackendError, startEpoch: number): void {
    const t = now();
    const headers = headersOf(error);
    if (startEpoch === epoch) {
      pausedUntil = Math.max(pausedUntil, t + retryDelayMs(consecutiveFailures, headers, random, t));
      consecutiveFailures++;
      epoch++;
    } else if (parseRetryAfterMs(headers, t) !== undefined) {
      // Already counted, but the server's own ask may still lengthen the pause (capped by the policy).
      pausedUntil = Math.max(pausedUntil, t + retryDelayMs(0, headers, random, t));
    }
  }

  return {
    name,
    async run(estimatedTokens, fn, signal) {
      if (!(Number.isFinite(estimatedTokens) && estimatedTokens >= 0)) {
        throw new UsageError(
          `${name}: estimatedTokens must be a number of at least 0, got ${estimatedTokens}`,
        );
      }
      await acquire(estimatedTokens, signal);
      const startEpoch = epoch;
      try {
        const { value, tokens: used } = await fn(signal ?? new AbortController().signal);
        if (used !== undefined) tokens?.take(used - estimatedTokens);
        if (startEpoch === epoch) consecutiveFailures = 0;
        return value;
      } catch (error) {
        // A BackendError means no reply came back, so no tokens were spent; any other error (a reply
        // that did not parse) came after the model answered, which also shows the backend is up.
        if (error instanceof BackendError) tokens?.take(-estimatedTokens);
        if (error instanceof BackendError && error.retryable) recordOutage(error, startEpoch);
        else if (!signal?.aborted && startEpoch === epoch) consecutiveFailures = 0;
        throw error;
      } finally {
        inFlight--;
        pump();
      }
    },
    state() {
      const t = now();
      const paused = t < pausedUntil;
      return {
        paused,
        pausedUntil: paused ? pausedUntil : null,
        consecutiveFailures,
        inFlight,
        waiting: waiters.length,
      };
    },
  };
}
