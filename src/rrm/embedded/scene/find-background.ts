import type { Rgb } from './lab.js';

/** A pixel rectangle, x0/y0 inclusive, x1/y1 exclusive. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Background {
  /** The picture inside any added white frame (the whole image when there is none). */
  picture: PixelBox;
  /** Where segmentation looks: the picture less the rows next to a frame, which blend into it. */
  inner: PixelBox;
  /** Per channel a + b*u + c*v with u, v the position in -0.5..0.5 of the width and height. */
  plane: Float64Array;
  /** The ground's colour at the centre of the picture. */
  rgb: Rgb;
  /** RMS distance of ground pixels from the plane (smoothed noise, grain, JPEG blocks). */
  noise: number;
}

/** A frame band may not be wider than this share of a side: the world's widest border is 8%. */
const MAX_FRAME_SHARE = 0.2;

/** Rows inside a frame's edge left out of segmentation: one the smoothing blends, one of resize ringing. */
const FRAME_BLEND = 2;

/**
 * A row or column of the smoothed image that is near-white and neutral almost everywhere, and white on
 * the whole (mean of the lowest channel at least 250): an added frame is pure white, while the top of
 * a light ground's gradient (pearl, 232 brightened by 6%) is near-white but not that white.
 */
function whiteLine(px: Float32Array, start: number, step: number, count: number): boolean {
  let white = 0;
  let lowest = 0;
  for (let i = 0, p = start; i < count; i++, p += step) {
    const r = px[p * 3]!;
    const g = px[p * 3 + 1]!;
    const b = px[p * 3 + 2]!;
    const low = Math.min(r, g, b);
    lowest += low;
    if (low >= 235 && Math.max(r, g, b) - low <= 15) white++;
  }
  return white >= 0.95 * count && lowest >= 250 * count;
}

function findFrame(px: Float32Array, w: number, h: number): PixelBox {
  const maxX = Math.floor(w * MAX_FRAME_SHARE);
  const maxY = Math.floor(h * MAX_FRAME_SHARE);
  let y0 = 0;
  while (y0 < maxY && whiteLine(px, y0 * w, 1, w)) y0++;
  let y1 = h;
  while (h - y1 < maxY && whiteLine(px, (y1 - 1) * w, 1, w)) y1--;
  let x0 = 0;
  while (x0 < maxX && whiteLine(px, x0, w, h)) x0++;
  let x1 = w;
  while (w - x1 < maxX && whiteLine(px, x1 - 1, w, h)) x1--;
  // The smoothing greys the frame's last row, so the test stops one short of the picture's edge.
  const pad = (width: number): number => (width > 0 ? 1 : 0);
  return { x0: x0 + pad(x0), y0: y0 + pad(y0), x1: x1 - pad(w - x1), y1: y1 - pad(h - y1) };
}

/** The most common colour (16 levels per channel) along the inner rectangle's edge, as a mean. */
function ringMode(px: Float32Array, w: number, box: PixelBox): Rgb {
  const counts = new Uint32Array(4096);
  const sums = new Float64Array(4096 * 3);
  const add = (x: number, y: number): void => {
    const p = (y * w + x) * 3;
    const bin = ((px[p]! >> 4) << 8) | ((px[p + 1]! >> 4) << 4) | (px[p + 2]! >> 4);
    counts[bin]!++;
    for (let k = 0; k < 3; k++) sums[bin * 3 + k]! += px[p + k]!;
  };
  for (let d = 1; d <= 2; d++) {
    for (let x = box.x0; x < box.x1; x++) {
      add(x, Math.min(box.y1 - 1, box.y0 + d));
      add(x, Math.max(box.y0, box.y1 - 1 - d));
    }
    for (let y = box.y0; y < box.y1; y++) {
      add(Math.min(box.x1 - 1, box.x0 + d), y);
      add(Math.max(box.x0, box.x1 - 1 - d), y);
    }
  }
  let best = 0;
  for (let i = 1; i < 4096; i++) if (counts[i]! > counts[best]!) best = i;
  const n = counts[best]!;
  return [sums[best * 3]! / n, sums[best * 3 + 1]! / n, sums[best * 3 + 2]! / n];
}

/** Solves the 3 x 3 system m * x = v (Cramer), m symmetric positive definite here. */
function solve3(m: number[], v: number[]): number[] {
  const det = (a: number[]): number =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  return [0, 1, 2].map((col) => {
    const a = [...m];
    for (let row = 0; row < 3; row++) a[row * 3 + col] = v[row]!;
    return det(a) / d;
  });
}

/** A plane fit takes every third pixel both ways: 7000 samples at 256 px fix 3 coefficients well. */
const PLANE_STEP = 3;

/** Which pixels a plane fit takes: those within `tolerance` of a plane (a flat colour is a plane too). */
interface Near {
  plane: Float64Array;
  tolerance: number;
}

/**
 * Least-squares plane per channel over every third pixel (both ways) within tolerance of `near`: a
 * vertical gradient is a plane, and objects, far from it, do not pull it.
 */
function fitPlane(
  px: Float32Array,
  w: number,
  h: number,
  box: PixelBox,
  near: Near,
): { plane: Float64Array; noise: number } | null {
  const q = near.plane;
  const limit = near.tolerance * near.tolerance;
  let n = 0;
  let su = 0;
  let sv = 0;
  let suu = 0;
  let suv = 0;
  let svv = 0;
  let sq = 0;
  const s1 = new Float64Array(3);
  const sU = new Float64Array(3);
  const sV = new Float64Array(3);
  for (let y = box.y0; y < box.y1; y += PLANE_STEP) {
    const v = (y + 0.5) / h - 0.5;
    const r0 = q[0]! + q[2]! * v;
    const g0 = q[3]! + q[5]! * v;
    const b0 = q[6]! + q[8]! * v;
    for (let x = box.x0; x < box.x1; x += PLANE_STEP) {
      const u = (x + 0.5) / w - 0.5;
      const p = (y * w + x) * 3;
      const r = px[p]!;
      const g = px[p + 1]!;
      const b = px[p + 2]!;
      const dr = r - r0 - q[1]! * u;
      const dg = g - g0 - q[4]! * u;
      const db = b - b0 - q[7]! * u;
      const d2 = dr * dr + dg * dg + db * db;
      if (d2 > limit) continue;
      sq += d2;
      n++;
      su += u;
      sv += v;
      suu += u * u;
      suv += u * v;
      svv += v * v;
      s1[0]! += r;
      s1[1]! += g;
      s1[2]! += b;
      sU[0]! += r * u;
      sU[1]! += g * u;
      sU[2]! += b * u;
      sV[0]! += r * v;
      sV[1]! += g * v;
      sV[2]! += b * v;
    }
  }
  if (n < 16) return null;
  const m = [n, su, sv, su, suu, suv, sv, suv, svv];
  const plane = new Float64Array(9);
  for (let k = 0; k < 3; k++) plane.set(solve3(m, [s1[k]!, sU[k]!, sV[k]!]), k * 3);
  return { plane, noise: Math.sqrt(sq / n) };
}

const flatPlane = (rgb: Rgb): Float64Array => Float64Array.from([rgb[0], 0, 0, rgb[1], 0, 0, rgb[2], 0, 0]);

/**
 * The ground: the commonest colour on the picture's edge (objects sit inside the frame), refined into
 * a plane over every pixel near it. A uniform white band on the edges (an added frame) is left out,
 * unless the ground is itself that white, when there is no telling them apart and no need to.
 */
export function findBackground(px: Float32Array, w: number, h: number): Background {
  const full: PixelBox = { x0: 0, y0: 0, x1: w, y1: h };
  let picture = findFrame(px, w, h);
  if (picture.x1 - picture.x0 < 8 || picture.y1 - picture.y0 < 8) picture = full;
  const blend = (edge: number, frameEdge: number, step: number): number =>
    edge === frameEdge ? edge : edge + step * FRAME_BLEND;
  let inner: PixelBox = {
    x0: blend(picture.x0, 0, 1),
    y0: blend(picture.y0, 0, 1),
    x1: blend(picture.x1, w, -1),
    y1: blend(picture.y1, h, -1),
  };
  const mode = ringMode(px, w, inner);
  const first = fitPlane(px, w, h, inner, { plane: flatPlane(mode), tolerance: 48 });
  const fit = first
    ? (fitPlane(px, w, h, inner, { plane: first.plane, tolerance: Math.max(12, 3 * first.noise) }) ?? first)
    : null;
  const plane = fit?.plane ?? flatPlane(mode);
  const rgb: Rgb = [plane[0]!, plane[3]!, plane[6]!];
  if (Math.min(...rgb) >= 235 && Math.max(...rgb) - Math.min(...rgb) <= 15) picture = inner = full;
  return { picture, inner, plane, rgb, noise: fit?.noise ?? 0 };
}
