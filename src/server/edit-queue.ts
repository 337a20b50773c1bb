import { HttpError } from './http-error.js';

interface Waiter {
  start: () => void;
  signal: AbortSignal;
  onAbort: () => void;
}

/** Room promised to a request that queues its edits one by one (see EditQueue.reserve). */
export interface Reservation {
  /** Runs `task` in one of the promised places (as EditQueue.run); there must be one left. */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Gives back one place that will not be used (an edit answered from the cache). */
  returnOne(): void;
  /** Gives back every place not used yet; call once the request has queued all it will. */
  close(): void;
}

export interface EditQueueStats {
  waiting: number;
  running: number;
}

/**
 * A bounded FIFO in front of the judge: at most `concurrency` edits run, at most `depth` wait. A
 * request's edits are admitted all together or not at all (no half-judged group holds slots), so
 * memory stays bounded however many clients send; a request refused gets a 429 with retry-after.
 * Places reserved for edits a request has yet to queue count as taken.
 */
export class EditQueue {
  private readonly waiters: Waiter[] = [];
  private running = 0;
  private reserved = 0;
  /** Mean seconds an edit holds a slot, for retry-after (exponentially weighted). */
  private meanSeconds = 1;

  constructor(
    private readonly concurrency: number,
    private readonly depth: number,
    private readonly onChange: (stats: EditQueueStats) => void = () => {},
  ) {}

  get stats(): EditQueueStats {
    return { waiting: this.waiters.length, running: this.running };
  }

  /** Edits that would be waiting with `count` more queued: reserved places take free slots first. */
  private waitingWith(count: number): number {
    return this.waiters.length + Math.max(0, this.reserved + count - (this.concurrency - this.running));
  }

  /**
   * Promises room for `count` edits that a request will queue one by one as it reads its images, so
   * that its first edits start before its last images are read. Undefined when there is not that
   * much room now: the request then reads all its images first, and admit() counts only the edits
   * the cache does not answer.
   */
  reserve(count: number): Reservation | undefined {
    if (this.waitingWith(count) > this.depth) return undefined;
    this.reserved += count;
    let left = count;
    const take = () => {
      if (left === 0) throw new Error('no reserved place left: reserve one per edit');
      left--;
      this.reserved--;
    };
    return {
      run: (task, signal) => {
        take();
        return this.run(task, signal);
      },
      returnOne: take,
      close: () => {
        this.reserved -= left;
        left = 0;
      },
    };
  }

  /**
   * Checks that `count` edits fit (call run() for each in the same tick); throws a 413 when the request alone is larger than
   * the queue (retrying cannot help) and a 429 when the queue has no room for all of them now.
   */
  admit(count: number): void {
    if (count > this.depth + this.concurrency) {
      throw new HttpError(
        413,
        'payload_too_large',
        `the request needs ${count} judgements, more than the server's queue holds (${this.depth + this.concurrency}); split it into smaller requests`,
      );
    }
    if (this.waitingWith(count) > this.depth) throw this.full(count);
  }

  /** Runs `task` when a slot is free; rejects with the signal's reason if it aborts while waiting. */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        this.changed();
        const began = performance.now();
        task()
          .then(resolve, reject)
          .finally(() => {
            this.meanSeconds = 0.9 * this.meanSeconds + 0.1 * ((performance.now() - began) / 1000);
            this.running--;
            this.next();
          });
      };
      if (signal.aborted) return reject(signal.reason as Error);
      if (this.running < this.concurrency && this.waiters.length === 0) return start();
      const waiter: Waiter = {
        start,
        signal,
        onAbort: () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          this.changed();
          reject(signal.reason as Error);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.changed();
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.start();
    }
    this.changed();
  }

  private changed(): void {
    this.onChange(this.stats);
  }

  private full(count: number): HttpError {
    // Time for the edits ahead (and these) to drain through the slots, at least a second.
    const seconds = Math.max(
      1,
      Math.ceil(((this.waiters.length + count) * this.meanSeconds) / this.concurrency),
    );
    return new HttpError(
      429,
      'too_many_requests',
      `the server has ${this.waiters.length} edits waiting (at most ${this.depth}); retry in ${seconds} s`,
      { 'retry-after': String(seconds) },
    );
  }
}
