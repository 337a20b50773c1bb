import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The one random source every stage takes as a parameter, so a run is reproducible from its seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A new independent stream derived from this one (for work that must not shift the parent's draws). */
  fork(): Rng;
}

/** Murmur3's 32-bit finaliser: spreads small seeds (0, 1, 2...) so their first draws are not near-identical. */
function scrambleSeed(seed: number): number {
  let h = (seed + 0x9e3779b9) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(scrambleSeed(seed));
  const rng: Rng = {
    next: () => uniformFloat64(gen),
    int: (min, max) => uniformInt(gen, min, max),
    fork: () => createRng(uniformInt(gen, -0x80000000, 0x7fffffff)),
  };
  return rng;
}

/** k distinct items drawn uniformly without replacement (partial Fisher-Yates); order is the draw order. */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: Rng): T[] {
  const pool = [...items];
  const count = Math.min(k, pool.length);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
