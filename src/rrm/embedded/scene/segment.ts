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
  /** Per pixel: RGB distance of the smoothed colour from the ground plane. */
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

/** Foreground = far from the ground plane; components by flood fill, 8-connected, inside bg.inner. */
export function segment(px: Float32Array, w: number, h: number, bg: Background): Segmentation {
  const threshold = foregroundThreshold(bg);
  const distance = new Float32Array(w * h);
  const labels = new Int32Array(w * h);
  const { x0, y0, x1, y1 } = bg.inner;
  const q = bg.plane;
  const limit = threshold * threshold;
  for (let y = y0; y < y1; y++) {
    const v = (y + 0.5) / h - 0.5;
    const r0 = q[0]! + q[2]! * v;
    const g0 = q[3]! + q[5]! * v;
    const b0 = q[6]! + q[8]! * v;
    for (let x = x0, i = y * w + x0; x < x1; x++, i++) {
      const u = (x + 0.5) / w - 0.5;
      const dr = px[i * 3]! - r0 - q[1]! * u;
      const dg = px[i * 3 + 1]! - g0 - q[4]! * u;
      const db = px[i * 3 + 2]! - b0 - q[7]! * u;
      const d2 = dr * dr + dg * dg + db * db;
      distance[i] = Math.sqrt(d2);
      if (d2 > limit) labels[i] = -1;
    }
  }
  const components: Component[] = [];
  const stack = new Int32Array(w * h);
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
