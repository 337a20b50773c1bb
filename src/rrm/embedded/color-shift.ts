import { luma as lumaOf } from '../../images/index.js';
/**
 * What a tone change or a colour cast did to colours that an edit did not touch. The renderer's tone
 * and artefacts move every colour as `edited = luma + (source - luma) * factor + shift` (a chroma
 * scale about each colour's luma, then a per-channel shift), so from a few (source, edited) colour
 * pairs of the same surfaces the shift is fitted by least squares. Its mean over the channels is a
 * brightness change; what is left (the chromatic part) is a cast.
 */
export interface ColorPair {
  source: readonly [number, number, number];
  edited: readonly [number, number, number];
  /** How much this pair counts (the ground, measured over many pixels, counts more). */
  weight: number;
}

export interface ColorShift {
  /** The fitted shift per channel, levels. */
  shift: [number, number, number];
  /** Fitted chroma factor (1: saturation unchanged). */
  factor: number;
  /** Euclidean length of the shift less its channel mean, as a share of 255. */
  chromatic: number;
  /** Mean of the shift over the channels, as a share of 255 (a brightness change). */
  uniform: number;
}

/** A channel at or beyond these levels in either image may be clipped: its shift is not measurable. */
const CLIP_LOW = 3;
const CLIP_HIGH = 252;
/**
 * Pull of the chroma factor towards 1, in levels per unit of factor: one pair cannot tell a cast
 * from a chroma change along its own colour, so with the ground alone the factor stays at 1.
 */
const FACTOR_PULL_MANY = 10;
const FACTOR_PULL_ONE = 1e4;

const luma = (c: readonly number[]): number => lumaOf(c[0]!, c[1]!, c[2]!);

/** null when no channel of any pair is measurable. Unknowns: shift r, g, b and (factor - 1). */
export function fitColorShift(pairs: readonly ColorPair[]): ColorShift | null {
  const ata = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const atb = [0, 0, 0, 0];
  let equations = 0;
  for (const { source, edited, weight } of pairs) {
    const l = luma(source);
    for (let k = 0; k < 3; k++) {
      const s = source[k]!;
      const e = edited[k]!;
      if (Math.min(s, e) <= CLIP_LOW || Math.max(s, e) >= CLIP_HIGH) continue;
      const row = [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0, s - l];
      for (let i = 0; i < 4; i++) {
        atb[i]! += weight * row[i]! * (e - s);
        for (let j = 0; j < 4; j++) ata[i]![j]! += weight * row[i]! * row[j]!;
      }
      equations++;
    }
  }
  if (equations === 0) return null;
  const pull = pairs.length > 1 ? FACTOR_PULL_MANY : FACTOR_PULL_ONE;
  ata[3]![3]! += pull * pull;
  // A channel clipped in every pair has no equation: a faint pull keeps it at 0 instead of singular.
  for (let k = 0; k < 3; k++) ata[k]![k]! += 1e-6;
  const [r, g, b, chroma] = solve(ata, atb);
  const mean = (r! + g! + b!) / 3;
  return {
    shift: [r!, g!, b!],
    factor: 1 + chroma!,
    chromatic: Math.hypot(r! - mean, g! - mean, b! - mean) / 255,
    uniform: mean / 255,
  };
}

/** Gaussian elimination with partial pivoting on a small, well-conditioned (ridged) system. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
