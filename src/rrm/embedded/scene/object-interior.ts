import type { Interior } from './detect-pattern.js';
import { maskIndex, PAD, type ObjectMask } from './object-mask.js';

/**
 * Pixels about `depth` px inside the outline (the eight neighbours at that distance are in), with
 * their colour projected on the interior's base colour axis (see Interior and projectOnBaseAxis).
 */
export function interiorOf(
  mask: ObjectMask,
  depth: number,
  px: Float32Array,
  raw: Uint8Array,
  width: number,
): Interior & { roughness: number } {
  const { data, stride } = mask;
  const n = mask.width * mask.height;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  const rgb = new Float32Array(3 * n);
  const steps = new Float32Array(3 * n);
  let count = 0;
  const d = Math.min(depth, PAD);
  const diag = Math.round(d * Math.SQRT1_2);
  const dd = diag * stride;
  for (let y = mask.y0; y < mask.y0 + mask.height; y++) {
    for (let x = mask.x0, m = maskIndex(mask, x, y); x < mask.x0 + mask.width; x++, m++) {
      if (data[m] === 0 || data[m - d] === 0 || data[m + d] === 0) continue;
      if (data[m - d * stride] === 0 || data[m + d * stride] === 0) continue;
      // Diagonals too, so pixels by a concave corner (a cross's, a star's) stay out.
      if (data[m - dd - diag] === 0 || data[m + dd + diag] === 0) continue;
      if (data[m + dd - diag] === 0 || data[m - dd + diag] === 0) continue;
      const p = (y * width + x) * 3;
      xs[count] = x;
      ys[count] = y;
      rgb[3 * count] = px[p]!;
      rgb[3 * count + 1] = px[p + 1]!;
      rgb[3 * count + 2] = px[p + 2]!;
      // Raw (unsmoothed) step to the right-hand pixel, inside the object too (depth >= 1).
      for (let k = 0; k < 3; k++) steps[3 * count + k] = raw[p + 3 + k]! - raw[p + k]!;
      count++;
    }
  }
  return { xs, ys, count, ...projectOnBaseAxis(rgb, steps, count) };
}

/**
 * Each colour's position along the direction of the interior's mean colour (unit length), and the
 * median size of the raw pixel-to-pixel steps along it. A pattern's ink is its base colour scaled by
 * 0.55, so base and ink lie on this axis, 0.45 of the base's length apart: 100 levels for red, whose
 * luma moves only 41. A brightening or cast adds the same offset to both and leaves that gap; JPEG's
 * chroma errors lie mostly across the axis and drop out.
 */
function projectOnBaseAxis(
  rgb: Float32Array,
  steps: Float32Array,
  count: number,
): { tone: Float32Array; roughness: number } {
  let sr = 0;
  let sg = 0;
  let sb = 0;
  for (let i = 0; i < count; i++) {
    sr += rgb[3 * i]!;
    sg += rgb[3 * i + 1]!;
    sb += rgb[3 * i + 2]!;
  }
  const length = Math.hypot(sr, sg, sb);
  // A black interior has no direction: grey is its base's.
  const [ar, ag, ab] =
    length > 0
      ? [sr / length, sg / length, sb / length]
      : [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)];
  const tone = new Float32Array(count);
  const step = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    tone[i] = ar * rgb[3 * i]! + ag * rgb[3 * i + 1]! + ab * rgb[3 * i + 2]!;
    step[i] = Math.abs(ar * steps[3 * i]! + ag * steps[3 * i + 1]! + ab * steps[3 * i + 2]!);
  }
  step.sort();
  return { tone, roughness: count > 0 ? step[count >> 1]! : 0 };
}
