import type { Background } from './find-background.js';

/** One 8-connected region of foreground pixels. Boxes are x0/y0 inclusive, x1/y1 exclusive. */
export interface Component {
  label: number;
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Centroid, in pixels (pixel centres at +0.5). */
  cx: number;
  cy: number;
}

export interface Segmentation {
  /** Per pixel: 0 for ground, else the label of its component. */
  labels: Int32Array;
  /** Per foreground pixel: RGB distance of the smoothed colour from the ground plane (0 on the ground). */
  distance: Float32Array;
  components: Component[];
  threshold: number;
}

/**
 * Least distance from the ground that counts as foreground. The closest object colour to any ground
 * (pink on peach) is about 100 away in RGB, so 40 keeps every object whole; on a noisy picture the
 * floor rises to 4 x the ground's own RMS spread, so noise alone never crosses it.
 */
function foregroundThreshold(bg: Background): number {
  return Math.max(40, 4 * bg.noise);
}

/** Buffers kept between calls (parsing is synchronous, one image at a time), grown as images grow. */
let distanceBuffer = new Float32Array(0);
let labelBuffer = new Int32Array(0);
let stackBuffer = new Int32Array(0);

/**
 * Foreground = far from the ground plane; components by flood fill, 8-connected, inside bg.inner.
 * `labels` and `distance` are views of buffers the next call reuses: read them before segmenting again.
 */
export function segment(px: Float32Array, w: number, h: number, bg: Background): Segmentation {
  const threshold = foregroundThreshold(bg);
  if (labelBuffer.length < w * h) {
    distanceBuffer = new Float32Array(w * h);
    labelBuffer = new Int32Array(w * h);
    stackBuffer = new Int32Array(w * h);
  }
  const distance = distanceBuffer.subarray(0, w * h);
  const labels = labelBuffer.subarray(0, w * h);
  const { x0, y0, x1, y1 } = bg.inner;
  // Every pixel inside bg.inner is written below; only a frame around it needs clearing.
  if (x0 > 0 || y0 > 0 || x1 < w || y1 < h) {
    distance.fill(0);
    labels.fill(0);
  }
  const stack = stackBuffer;
  const q = bg.plane;
  const limit = threshold * threshold;
  // The plane's colour steps by (q[1], q[4], q[7]) / w from one pixel to the next along a row.
  const [sr, sg, sb] = [q[1]! / w, q[4]! / w, q[7]! / w];
  for (let y = y0; y < y1; y++) {
    const v = (y + 0.5) / h - 0.5;
    const u0 = (x0 + 0.5) / w - 0.5;
    let r0 = q[0]! + q[2]! * v + q[1]! * u0;
    let g0 = q[3]! + q[5]! * v + q[4]! * u0;
    let b0 = q[6]! + q[8]! * v + q[7]! * u0;
    for (let x = x0, i = y * w + x0, p = 3 * i; x < x1; x++, i++, p += 3, r0 += sr, g0 += sg, b0 += sb) {
      const dr = px[p]! - r0;
      const dg = px[p + 1]! - g0;
      const db = px[p + 2]! - b0;
      const d2 = dr * dr + dg * dg + db * db;
      // Distances are read for foreground pixels only: the ground's square roots are not taken.
      if (d2 > limit) {
        distance[i] = Math.sqrt(d2);
        labels[i] = -1;
      } else {
        distance[i] = 0;
        labels[i] = 0;
      }
    }
  }
  const components: Component[] = [];
  for (let start = 0; start < w * h; start++) {
    if (labels[start] !== -1) continue;
    const label = components.length + 1;
    const c: Component = { label, area: 0, x0: w, y0: h, x1: 0, y1: 0, cx: 0, cy: 0 };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      const y = (i - x) / w;
      c.area++;
      c.cx += x;
      c.cy += y;
      if (x < c.x0) c.x0 = x;
      if (x >= c.x1) c.x1 = x + 1;
      if (y < c.y0) c.y0 = y;
      if (y >= c.y1) c.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < y0 || ny >= y1) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < x0 || nx >= x1) continue;
          const j = ny * w + nx;
          if (labels[j] === -1) {
            labels[j] = label;
            stack[top++] = j;
          }
        }
      }
    }
    c.cx = c.cx / c.area + 0.5;
    c.cy = c.cy / c.area + 0.5;
    components.push(c);
  }
  return { labels, distance, components, threshold };
}
