import type { PatternName } from '../../../core/index.js';

/**
 * An object's interior as luma samples on its bounding box grid: `luma[i]` for the pixel at
 * (xs[i], ys[i]); only pixels well inside the outline, where no ground bleeds in.
 */
export interface Interior {
  xs: Int32Array;
  ys: Int32Array;
  luma: Float32Array;
  count: number;
}

export interface PatternReading {
  pattern: PatternName;
  /** Luma below which a pixel is ink (pattern), above which it is the base colour. */
  inkBelow: number;
  /** Share of the interior that is ink. */
  inkShare: number;
}

/** Ink is the base colour at 0.55 of each channel; a darker cluster under 0.8 of the lighter one counts. */
const INK_RATIO = 0.8;
/** Two clusters, not one noisy one cut in half: share of luma variance between them. */
const MIN_SEPARATION = 0.75;
/** Ink at 0.55 of the darkest patterned colour still worth reading (gray, luma 125) is 56 levels darker. */
const MIN_INK_STEP = 20;
/** Less ink than this is speckle, JPEG ringing or a stray edge, not a pattern. */
const MIN_INK_SHARE = 0.06;
/**
 * Variance of the per-row (or per-column) ink share, as a share of its maximum s(1 - s): 1 for ink in
 * whole rows, 0 when every row holds the same share. Stripes are rows; dots and squares are neither.
 */
const STRIPE_ROWS = 0.3;
/** Dots cover about 22% of the interior, squares of a checkerboard about half. */
const DOTS_BELOW = 0.34;

/** Otsu's split of the luma values: the threshold that best separates two clusters. */
function otsu(
  luma: Float32Array,
  count: number,
): { t: number; lo: number; hi: number; share: number; separation: number } {
  const hist = new Float64Array(256);
  for (let i = 0; i < count; i++) hist[Math.max(0, Math.min(255, Math.round(luma[i]!)))]!++;
  let total = 0;
  let squares = 0;
  for (let v = 0; v < 256; v++) {
    total += v * hist[v]!;
    squares += v * v * hist[v]!;
  }
  const variance = squares / count - (total / count) ** 2;
  let n0 = 0;
  let s0 = 0;
  let best = { t: 0, lo: 0, hi: total / count, share: 0, score: -1 };
  for (let v = 0; v < 255; v++) {
    n0 += hist[v]!;
    s0 += v * hist[v]!;
    const n1 = count - n0;
    if (n0 === 0 || n1 === 0) continue;
    const m0 = s0 / n0;
    const m1 = (total - s0) / n1;
    const score = n0 * n1 * (m0 - m1) ** 2;
    if (score > best.score) best = { t: v + 0.5, lo: m0, hi: m1, share: n0 / count, score };
  }
  // Between-cluster share of the variance: one Gaussian cut in two gives 2/pi (0.64), two clear clusters near 1.
  const separation = variance > 0 ? best.score / (count * count) / variance : 0;
  return { ...best, separation };
}

/** Normalised variance of ink share across the lines (rows or columns) of the interior. */
function lineVariance(lines: Int32Array, ink: Uint8Array, count: number, share: number): number {
  const totals = new Map<number, [number, number]>();
  for (let i = 0; i < count; i++) {
    const t = totals.get(lines[i]!) ?? [0, 0];
    t[0] += ink[i]!;
    t[1]++;
    totals.set(lines[i]!, t);
  }
  let sum = 0;
  let weight = 0;
  for (const [inked, n] of totals.values()) {
    sum += n * (inked / n - share) ** 2;
    weight += n;
  }
  return sum / weight / (share * (1 - share));
}

/**
 * Solid when the interior has no clearly darker cluster (or too little of it); else striped when ink
 * share varies from row to row but not from column to column; else dotted or checkered by how much
 * of the interior the ink covers.
 */
export function detectPattern(interior: Interior): PatternReading {
  const { luma, count } = interior;
  if (count < 12) return { pattern: 'solid', inkBelow: -1, inkShare: 0 };
  const split = otsu(luma, count);
  const clear = split.separation >= MIN_SEPARATION && split.hi - split.lo >= MIN_INK_STEP;
  if (!clear || split.lo > INK_RATIO * split.hi || split.share < MIN_INK_SHARE) {
    return { pattern: 'solid', inkBelow: -1, inkShare: 0 };
  }
  const ink = new Uint8Array(count);
  for (let i = 0; i < count; i++) ink[i] = luma[i]! < split.t ? 1 : 0;
  const rows = lineVariance(interior.ys, ink, count, split.share);
  const cols = lineVariance(interior.xs, ink, count, split.share);
  const pattern: PatternName =
    rows >= STRIPE_ROWS && rows >= 2 * cols ? 'striped' : split.share < DOTS_BELOW ? 'dotted' : 'checkered';
  return { pattern, inkBelow: split.t, inkShare: split.share };
}
