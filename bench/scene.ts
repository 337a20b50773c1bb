import type { Rng } from '../src/index.js';

/** An RGB raster the bench paints into: 8-bit, 3 channels, row-major. */
export interface Canvas {
  readonly side: number;
  readonly data: Uint8ClampedArray;
}

export type Rgb = readonly [number, number, number];

/** Shapes the edit instructions can name. */
export interface Shape {
  kind: 'circle' | 'square';
  cx: number;
  cy: number;
  /** Radius, or half the side of a square. */
  r: number;
  colour: Rgb;
}

export function contains(shape: Shape, x: number, y: number): boolean {
  const dx = x - shape.cx;
  const dy = y - shape.cy;
  return shape.kind === 'circle'
    ? dx * dx + dy * dy <= shape.r * shape.r
    : Math.abs(dx) <= shape.r && Math.abs(dy) <= shape.r;
}

/**
 * Per-pixel grain from a 32-bit xorshift seeded by the rng: pure-rand's float draw per pixel
 * (3 million per source) would make generation, not judging, the slow part of the benchmark.
 */
function grain(rng: Rng): () => number {
  let state = rng.int(1, 0x7fffffff);
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000 - 0.5;
  };
}

/**
 * A photo-like scene: smooth two-colour shading, a large subject shape near the centre (the one edit
 * instructions name), smaller shapes around it, and fine texture plus sensor-like grain, so that JPEG
 * sizes and decode costs behave like a photograph's rather than a flat graphic's.
 */
export function paintScene(side: number, rng: Rng): { canvas: Canvas; subject: Shape } {
  const data = new Uint8ClampedArray(side * side * 3);
  const top: Rgb = [rng.int(60, 200), rng.int(60, 200), rng.int(60, 200)];
  const bottom: Rgb = [rng.int(30, 160), rng.int(30, 160), rng.int(30, 160)];
  const subject: Shape = {
    kind: rng.next() < 0.5 ? 'circle' : 'square',
    cx: side * (0.4 + 0.2 * rng.next()),
    cy: side * (0.4 + 0.2 * rng.next()),
    r: side * (0.12 + 0.06 * rng.next()),
    colour: [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)],
  };
  const others: Shape[] = Array.from({ length: 8 }, () => ({
    kind: rng.next() < 0.5 ? 'circle' : 'square',
    cx: side * rng.next(),
    cy: side * rng.next(),
    r: side * (0.03 + 0.06 * rng.next()),
    colour: [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)],
  }));
  const noise = grain(rng);
  const texture = shading(side, rng.next() * Math.PI * 2);
  for (let y = 0; y < side; y++) {
    const v = y / side;
    const row: Rgb = [
      top[0] + (bottom[0] - top[0]) * v,
      top[1] + (bottom[1] - top[1]) * v,
      top[2] + (bottom[2] - top[2]) * v,
    ];
    for (let x = 0; x < side; x++) {
      const p = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) data[p + c] = row[c]!;
    }
  }
  for (const shape of [...others.filter((s) => !overlaps(s, subject)), subject]) fill(data, side, shape);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const p = (y * side + x) * 3;
      const t = texture(x, y);
      for (let c = 0; c < 3; c++) data[p + c] = data[p + c]! + t + 14 * noise();
    }
  }
  return { canvas: { side, data }, subject };
}

/** Paints a shape flat, visiting only its bounding box. */
function fill(data: Uint8ClampedArray, side: number, shape: Shape): void {
  const clip = (n: number) => Math.max(0, Math.min(side - 1, Math.round(n)));
  for (let y = clip(shape.cy - shape.r); y <= clip(shape.cy + shape.r); y++) {
    for (let x = clip(shape.cx - shape.r); x <= clip(shape.cx + shape.r); x++) {
      if (!contains(shape, x, y)) continue;
      const p = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) data[p + c] = shape.colour[c]!;
    }
  }
}

/**
 * Smooth shading plus a fine ripple, from per-row and per-column tables (sin(a + b) split into
 * products), so that texturing a megapixel costs multiplications rather than three sines a pixel.
 */
function shading(side: number, phase: number): (x: number, y: number) => number {
  const table = (f: (i: number) => number) => Float64Array.from({ length: side }, (_, i) => f(i));
  const broadX = table((x) => 12 * Math.sin(x * 0.045 + phase));
  const broadY = table((y) => Math.cos(y * 0.03));
  const [sinX, cosX, sinY, cosY] = [
    table((x) => Math.sin(x * 0.7)),
    table((x) => Math.cos(x * 0.7)),
    table((y) => Math.sin(y * 0.45)),
    table((y) => Math.cos(y * 0.45)),
  ];
  return (x, y) => broadX[x]! * broadY[y]! + 8 * (sinX[x]! * cosY[y]! + cosX[x]! * sinY[y]!);
}

function overlaps(a: Shape, b: Shape): boolean {
  return Math.hypot(a.cx - b.cx, a.cy - b.cy) < (a.r + b.r) * 1.5;
}
