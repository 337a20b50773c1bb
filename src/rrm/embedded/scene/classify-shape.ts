import { outlineArea, shapeOutline, SHAPES, type ShapeName } from '../../../core/index.js';
import { maskIndex, type ObjectMask } from './object-mask.js';

/** Angular bins of a radial profile: 64 resolves a star's five points and a cross's twelve corners. */
const BINS = 64;

/** Distance from the origin to a closed outline along the ray at angle `a` (the outline contains the origin). */
function rayDistance(outline: ReadonlyArray<readonly [number, number]>, a: number): number {
  const dx = Math.cos(a);
  const dy = Math.sin(a);
  let best = Infinity;
  for (let i = 0; i < outline.length; i++) {
    const [px, py] = outline[i]!;
    const [qx, qy] = outline[(i + 1) % outline.length]!;
    const ex = qx - px;
    const ey = qy - py;
    const den = dx * ey - dy * ex;
    if (Math.abs(den) < 1e-12) continue;
    const t = (px * ey - py * ex) / den;
    const s = (px * dy - py * dx) / den;
    if (t > 0 && s >= 0 && s <= 1 && t < best) best = t;
  }
  return best;
}

interface Reference {
  shape: ShapeName;
  /** Radius per bin at circumradius 1. */
  profile: Float64Array;
  /** Area at circumradius 1. */
  area: number;
}

/** Each shape's profile, from the same outlines the world draws (core/shape-outline.ts). */
const REFERENCES: Reference[] = SHAPES.map((shape) => {
  const outline = shapeOutline(shape);
  const profile = new Float64Array(BINS);
  // Average each bin over a few rays, as the measured profile takes the furthest pixel in a bin.
  for (let k = 0; k < BINS; k++) {
    let max = 0;
    for (let s = 0; s < 4; s++)
      max = Math.max(max, rayDistance(outline, ((k + (s + 0.5) / 4) * 2 * Math.PI) / BINS - Math.PI));
    profile[k] = max;
  }
  return { shape, profile, area: outlineArea(outline) };
});

export interface ShapeFit {
  shape: ShapeName;
  /** Circumradius in pixels, from the area and the shape's area at radius 1. */
  radius: number;
  /** Mean misfit of the profile, in circumradii (0 = perfect). */
  misfit: number;
}

/**
 * The furthest pixel from the centroid in each angular bin; the half-pixel added is the pixel's own
 * extent. Only outline pixels (a 4-neighbour outside the mask) are visited: the furthest pixel along
 * a ray is on the outline, and the outline is a tenth of the area, so few angles are computed.
 */
export function radialProfile(mask: ObjectMask, cx: number, cy: number): Float64Array {
  const profile = new Float64Array(BINS);
  const { data, stride } = mask;
  const scale = BINS / (2 * Math.PI);
  for (let y = mask.y0; y < mask.y0 + mask.height; y++) {
    const dy = y + 0.5 - cy;
    for (let x = mask.x0, i = maskIndex(mask, x, y); x < mask.x0 + mask.width; x++, i++) {
      if (data[i] === 0) continue;
      if (data[i - 1] !== 0 && data[i + 1] !== 0 && data[i - stride] !== 0 && data[i + stride] !== 0)
        continue;
      const dx = x + 0.5 - cx;
      const bin = Math.min(BINS - 1, Math.floor((Math.atan2(dy, dx) + Math.PI) * scale));
      const r = Math.sqrt(dx * dx + dy * dy) + 0.5;
      if (r > profile[bin]!) profile[bin] = r;
    }
  }
  return profile;
}

/**
 * The shape whose upright outline best explains the measured profile and area. For each candidate the
 * circumradius is the one its area implies; the misfit is the mean profile error in circumradii plus
 * the disagreement between that radius and the profile's own least-squares scale, so a blob that is
 * the right size for a shape but not its outline (or the reverse) loses.
 */
export function classifyShape(profile: Float64Array, area: number): ShapeFit {
  let best: ShapeFit | null = null;
  for (const ref of REFERENCES) {
    const radius = Math.sqrt(area / ref.area);
    let num = 0;
    let den = 0;
    for (let k = 0; k < BINS; k++) {
      if (profile[k]! === 0) continue;
      num += profile[k]! * ref.profile[k]!;
      den += ref.profile[k]! ** 2;
    }
    const scale = den > 0 ? num / den : radius;
    let err = 0;
    let n = 0;
    for (let k = 0; k < BINS; k++) {
      if (profile[k]! === 0) continue;
      err += Math.abs(profile[k]! / scale - ref.profile[k]!);
      n++;
    }
    const misfit = (n > 0 ? err / n : 1) + Math.abs(scale / radius - 1);
    if (best === null || misfit < best.misfit) best = { shape: ref.shape, radius, misfit };
  }
  return best!;
}
