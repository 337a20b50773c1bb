import { Worker } from 'node:worker_threads';
import type { StandInOptions, StandInResponse } from './stand-in-types.js';

/** What can cross to a thread: data, not functions. */
export interface StandInThreadOptions extends Pick<StandInOptions, 'delayMs' | 'capacity' | 'model'> {
  /** One response for every request, or a list consumed in arrival order. */
  respond: StandInResponse | readonly StandInResponse[];
}

export interface StandInStats {
  requests: number;
  inFlightMax: number;
  servingMax: number;
}

export interface StandInThread {
  readonly baseURL: string;
  readonly port: number;
  stats(): Promise<StandInStats>;
  close(): Promise<void>;
}

// The worker runs TypeScript sources too, so it registers tsx (resolved from here, a dependency) first.
const BOOTSTRAP = (tsx: string, entry: string) =>
  `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;

/**
 * The stand-in on its own thread, so that its JSON parsing (a judge request with two images is
 * half a megabyte) does not share an event loop with the client being measured. For benchmarks;
 * tests that need a handler function or the request log use `startStandIn`.
 */
export async function startStandInThread(options: StandInThreadOptions): Promise<StandInThread> {
  const entry = new URL('./stand-in-worker.ts', import.meta.url).href;
  const worker = new Worker(BOOTSTRAP(import.meta.resolve('tsx/esm/api'), entry), {
    eval: true,
    workerData: options,
  });
  // The worker answers one message at a time, in order, so replies pair with waiters first-in first-out.
  const waiters: ((reply: unknown) => void)[] = [];
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => {}); // surfaced through whichever call is waiting
  // Held only while a reply is awaited: a forgotten close() must not keep the process alive.
  worker.on('message', (reply: unknown) => {
    waiters.shift()?.(reply);
    if (waiters.length === 0) worker.unref();
  });
  const ask = <T>(message?: 'stats' | 'close') => {
    worker.ref();
    const reply = new Promise<T>((resolve) => waiters.push(resolve as (reply: unknown) => void));
    if (message) worker.postMessage(message);
    return Promise.race([reply, failed]);
  };
  const ready = await ask<{ baseURL: string; port: number }>();
  let closing: Promise<void> | undefined;
  return {
    baseURL: ready.baseURL,
    port: ready.port,
    stats: () => ask<StandInStats>('stats'),
    close: () =>
      (closing ??= ask('close').then(async () => {
        await worker.terminate();
      })),
  };
}
