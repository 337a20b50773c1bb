import type { PatternName } from '../../../core/index.js';

/**
 * An object's interior, well inside its outline where no ground bleeds in: `tone[i]` is the pixel
 * at (xs[i], ys[i]) measured along the object's own colour axis (base to ink), so a pattern keeps its
 * full contrast whatever its hue, and a global brightness, warmth or cast moves every tone alike.
 */
export interface Interior {
  xs: Int32Array;
  ys: Int32Array;
  tone: Float32Array;
  count: number;
}

export interface PatternReading {
  pattern: PatternName;
  /** Tone below which a pixel is ink (pattern), above which it is the base colour. */
  inkBelow: number;
  /** Share of the interior that is ink. */
  inkShare: number;
  /** Spread of the interior's tone (5th to 95th percentile). */
  contrast: number;
  /** Share of the tone variance between ink and base (Otsu's criterion): near 1 for two clean clusters. */
  separation: number;
}

/** Less ink than this is speckle, JPEG ringing or a stray edge, not a pattern. */
const MIN_INK_SHARE = 0.06;
/**
 * Variance of the per-row (or per-column) ink share, as a share of its maximum s(1 - s): 1 for ink in
 * whole rows, 0 when every row holds the same share. Stripes are rows; dots and squares are neither.
 */
const STRIPE_ROWS = 0.3;
/**
 * Ink is never the majority: dots cover 22%, stripes and squares half. A darker majority is the object
 * itself with a lighter streak: JPEG blocks, or ground light bleeding into a blurred concave corner.
 */
const MAX_INK_SHARE = 0.62;
/**
 * Dots cover about 22% of the interior, squares of a checkerboard about half; smoothing widens dots,
 * and on a cross, whose arms run along the dot grid, they read up to 37%.
 */
export const DOTS_BELOW = 0.4;

/** Otsu's split of the tones (binned over their range): the threshold that best separates two clusters. */
function otsu(
  tone: Float32Array,
  count: number,
  lo: number,
  hi: number,
): { t: number; share: number; separation: number } {
  const bins = 64;
  const hist = new Float64Array(bins);
  const scale = (bins - 1) / Math.max(1e-6, hi - lo);
  let total = 0;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const b = Math.max(0, Math.min(bins - 1, Math.round((tone[i]! - lo) * scale)));
    hist[b]!++;
    total += b;
    squares += b * b;
  }
  let n0 = 0;
  let s0 = 0;
  let best = { t: (lo + hi) / 2, share: 0, score: -1 };
  for (let b = 0; b < bins - 1; b++) {
    n0 += hist[b]!;
    s0 += b * hist[b]!;
    const n1 = count - n0;
    if (n0 === 0 || n1 === 0) continue;
    const score = n0 * n1 * (s0 / n0 - (total - s0) / n1) ** 2;
    if (score > best.score) best = { t: lo + (b + 0.5) / scale, share: n0 / count, score };
  }
  // Between-cluster share of the variance: one Gaussian cut in two gives 2/pi (0.64), two clear clusters near 1.
  const variance = squares / count - (total / count) ** 2;
  return {
    t: best.t,
    share: best.share,
    separation: variance > 0 ? best.score / (count * count) / variance : 0,
  };
}

/** Normalised variance of ink share across the lines (rows or columns) of the interior. */
function lineVariance(lines: Int32Array, ink: Uint8Array, count: number, share: number): number {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < count; i++) {
    if (lines[i]! < first) first = lines[i]!;
    if (lines[i]! > last) last = lines[i]!;
  }
  const inked = new Uint32Array(last - first + 1);
  const totals = new Uint32Array(last - first + 1);
  for (let i = 0; i < count; i++) {
    inked[lines[i]! - first]! += ink[i]!;
    totals[lines[i]! - first]!++;
  }
  let sum = 0;
  for (let k = 0; k < totals.length; k++) {
    if (totals[k]! > 0) sum += totals[k]! * (inked[k]! / totals[k]! - share) ** 2;
  }
  return sum / count / (share * (1 - share));
}

/** The q-quantile of sorted values. */
const quantile = (sorted: Float32Array, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/**
 * Solid when the interior's tone spreads less than `floor` (what noise, grain or JPEG blocks make);
 * else striped when ink share varies from row to row but not from column to column; else dotted or
 * checkered by how much of the interior the ink covers.
 */
export function detectPattern(interior: Interior, floor: number): PatternReading {
  const { tone, count } = interior;
  const solid = (contrast: number, separation = 0): PatternReading => ({
    pattern: 'solid',
    inkBelow: -Infinity,
    inkShare: 0,
    contrast,
    separation,
  });
  if (count < 12) return solid(0);
  const sorted = tone.slice(0, count).sort();
  const lo = quantile(sorted, 0.05);
  const hi = quantile(sorted, 0.95);
  const contrast = hi - lo;
  if (contrast < floor) return solid(contrast);
  const split = otsu(tone, count, lo, hi);
  if (split.share < MIN_INK_SHARE || split.share > MAX_INK_SHARE) return solid(contrast, split.separation);
  const ink = new Uint8Array(count);
  for (let i = 0; i < count; i++) ink[i] = tone[i]! < split.t ? 1 : 0;
  const rows = lineVariance(interior.ys, ink, count, split.share);
  const cols = lineVariance(interior.xs, ink, count, split.share);
  const pattern: PatternName =
    rows >= STRIPE_ROWS && rows >= 2 * cols ? 'striped' : split.share < DOTS_BELOW ? 'dotted' : 'checkered';
  return { pattern, inkBelow: split.t, inkShare: split.share, contrast, separation: split.separation };
}
