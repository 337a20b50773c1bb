import { LRUCache } from 'lru-cache';
import type { Decomposer, Principle } from '../core/index.js';
import type { LoadedImage } from '../images/index.js';

interface Pending {
  result: Promise<Principle[]>;
  controller: AbortController;
  waiting: number;
  settled: boolean;
}

export interface PrincipleCache {
  /** The principles of (source, instruction): decomposed once, shared by every edit and request that asks. */
  get(source: LoadedImage, instruction: string, signal: AbortSignal): Promise<Principle[]>;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error as Error)),
    );
  });
}

/**
 * Decompositions keyed by (source content hash, instruction). Concurrent asks share one call. The call
 * is not tied to the first asker's request: it is cancelled only when every request waiting on it has
 * gone (disconnect or deadline), and a failed or cancelled one is forgotten so the next ask tries again.
 */
export function createPrincipleCache(
  decomposer: Decomposer,
  options: { entries?: number; onLookup?: (cached: boolean) => void } = {},
): PrincipleCache {
  const cache = new LRUCache<string, Pending>({ max: options.entries ?? 1024 });
  return {
    async get(source, instruction, signal) {
      const key = `${source.hash}\0${instruction.trim()}`;
      let pending = cache.get(key);
      options.onLookup?.(pending !== undefined);
      if (!pending) {
        const controller = new AbortController();
        const entry: Pending = {
          controller,
          waiting: 0,
          settled: false,
          result: decomposer.decompose({ source: source.bytes, instruction }, { signal: controller.signal }),
        };
        entry.result.then(
          () => (entry.settled = true),
          () => {
            entry.settled = true;
            if (cache.get(key) === entry) cache.delete(key);
          },
        );
        cache.set(key, entry);
        pending = entry;
      }
      const entry = pending;
      entry.waiting++;
      try {
        // Each caller gets its own copy, so no request can change another's principles.
        return structuredClone(await abortable(entry.result, signal));
      } finally {
        entry.waiting--;
        if (entry.waiting === 0 && !entry.settled && signal.aborted) {
          entry.controller.abort(signal.reason);
          if (cache.get(key) === entry) cache.delete(key);
        }
      }
    },
  };
}
