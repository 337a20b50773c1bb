/** Runs tasks at most `concurrency` at a time, in the order they were given. */
export interface StartNowLimit {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly activeCount: number;
  /** Tasks waiting for a slot. */
  readonly pendingCount: number;
}

/**
 * A FIFO concurrency limit that starts a task in the caller's own turn when a slot is free. p-limit
 * starts every task a microtask later, so a reward group's 16 judgements, each passing two limits on
 * its way to the backend, advanced one step at a time side by side: the group's first chat request
 * left only after all 16 had been prepared. Started at once, each request is sent as soon as it is
 * ready, and the backend starts on the first while the rest are prepared.
 *
 * A task that throws at once rejects its promise like one that fails later, and frees its slot.
 */
export function createStartNowLimit(concurrency: number): StartNowLimit {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const waiting: (() => void)[] = [];
  let active = 0;

  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) next();
  };

  function start<T>(task: () => Promise<T>): Promise<T> {
    active++;
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      running = Promise.reject(error as Error);
    }
    running.then(release, release);
    return running;
  }

  const limit = <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency && waiting.length === 0) return start(task);
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => start(task).then(resolve, reject));
    });
  };
  return Object.defineProperties(limit, {
    activeCount: { get: () => active },
    pendingCount: { get: () => waiting.length },
  }) as StartNowLimit;
}
