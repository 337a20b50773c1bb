import type { Rng } from '../../core/index.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Index drawn from the categorical whose log-probs are table[offset .. offset+width), (zero-probability entries are never returned). */
export function drawCategorical(table: ArrayLike<number>, offset: number, width: number, rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  let last = 0;
  for (let j = 0; j < width; j++) {
    const p = Math.exp(table[offset + j]!);
    if (p > 0) last = j;
    cumulative += p;
    if (u < cumulative) return j;
  }
  return last; // rounding left the total a hair under 1
}

/** Index of the largest log-prob: the policy's mode, for evaluation. */
export function argmax(table: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (table[offset + j]! > table[offset + best]!) best = j;
  return best;
}

/** A standard normal draw (Box-Muller; 1 - u keeps the log finite). */
export function drawStandardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** log N(x; mu, exp(logStd)^2). */
export function gaussianLogDensity(x: number, mu: number, logStd: number): number {
  const z = (x - mu) / Math.exp(logStd);
  return -0.5 * z * z - logStd - LOG_SQRT_2PI;
}
