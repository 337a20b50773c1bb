/**
 * A budget that refills continuously, for requests or tokens per minute. It holds at most one minute's
 * budget (the burst), and it may go below zero: a call that used more tokens than estimated puts the
 * bucket in debt, and later calls wait until the debt is paid back.
 */
export interface TokenBucket {
  /** Ms until `amount` may be taken (0: now). An amount over the burst waits for a full bucket only. */
  waitMs(amount: number): number;
  /** Takes `amount` (a negative amount gives back); the level may drop below zero, never above the burst. */
  take(amount: number): void;
  /** The budget left now (negative while in debt). */
  level(): number;
}

/** Float refills can land a hair short of a whole amount; this much short counts as enough. */
const EPSILON = 1e-9;

export function createTokenBucket(perMinute: number, now: () => number): TokenBucket {
  const capacity = perMinute;
  const perMs = perMinute / 60_000;
  let level = capacity;
  let at = now();

  function refill(): void {
    const t = now();
    level = Math.min(capacity, level + (t - at) * perMs);
    at = t;
  }

  return {
    waitMs(amount) {
      refill();
      const short = Math.min(amount, capacity) - level;
      return short <= EPSILON ? 0 : short / perMs;
    },
    take(amount) {
      refill();
      level = Math.min(capacity, level - amount);
    },
    level() {
      refill();
      return level;
    },
  };
}
