import { LRUCache } from 'lru-cache';
import type { Decomposer, ImageInput, Principle } from '../core/index.js';
import { loadImage, type ImageLimits } from '../images/index.js';

export interface DecompositionCacheOptions {
  /** Decompositions kept (default 1024). */
  entries?: number;
  /** Limits the source is loaded under to compute its content hash. */
  imageLimits?: Partial<ImageLimits>;
}

/**
 * Principles depend only on (source, instruction), so a group of edits of one source (a GRPO group of
 * 16-24) needs one decomposition, not one per edit. This wraps a decomposer so that each (source content,
 * instruction, seed) is decomposed once: later calls get the same principles, concurrent calls share
 * one request, and a failed decomposition is not kept (the next call tries again).
 */
export function cacheDecompositions(
  decomposer: Decomposer,
  options: DecompositionCacheOptions = {},
): Decomposer {
  const cache = new LRUCache<string, Promise<Principle[]>>({ max: options.entries ?? 1024 });
  return {
    id: decomposer.id,
    async decompose(input: { source: ImageInput; instruction: string }, call) {
      const source = await loadImage(input.source, options.imageLimits);
      const key = `${source.hash}\0${input.instruction.trim()}\0${call?.seed ?? ''}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = decomposer.decompose(input, call);
        cache.set(key, pending);
        pending.catch(() => cache.delete(key));
      }
      // Callers get their own copy, so one caller editing its principles cannot change another's.
      return structuredClone(await pending);
    },
  };
}
