import { BACKGROUND_COLORS, type SceneGraph } from '../core/index.js';

/** The gradient's multiplier on the top row and on the bottom row (linear between, by row). */
export const GRADIENT_RANGE = [1.06, 0.94] as const;
/** Grain offsets are whole levels in [-GRAIN_LEVELS, GRAIN_LEVELS], the same on all three channels. */
export const GRAIN_LEVELS = 4;

/**
 * The grain's offset at pixel (x, y): a fixed integer hash (two odd multipliers, then Murmur3's
 * finaliser) mapped onto the 2*GRAIN_LEVELS + 1 levels. No state, so any pixel can be recomputed.
 */
export function grainOffset(x: number, y: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y + 0x9e3779b9, 0x165667b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) % (2 * GRAIN_LEVELS + 1)) - GRAIN_LEVELS;
}

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Grain offsets of a side x side image, row-major; the last few sides are kept (a run renders at one or two). */
const grainTables = new Map<number, Int8Array>();
function grainTable(side: number): Int8Array {
  let table = grainTables.get(side);
  if (!table) {
    table = new Int8Array(side * side);
    for (let y = 0, i = 0; y < side; y++) for (let x = 0; x < side; x++, i++) table[i] = grainOffset(x, y);
    if (grainTables.size >= 4) grainTables.delete(grainTables.keys().next().value!);
    grainTables.set(side, table);
  }
  return table;
}

/** The background alone, textured, as side x side raw RGB. */
export function paintBackground(background: SceneGraph['background'], side: number): Uint8Array {
  const [r, g, b] = BACKGROUND_COLORS[background.color];
  const data = new Uint8Array(side * side * 3);
  if (background.texture === 'grain') {
    const table = grainTable(side);
    for (let i = 0, p = 0; i < table.length; i++, p += 3) {
      const o = table[i]!;
      data[p] = clamp8(r + o);
      data[p + 1] = clamp8(g + o);
      data[p + 2] = clamp8(b + o);
    }
    return data;
  }
  const [top, bottom] = GRADIENT_RANGE;
  for (let y = 0, p = 0; y < side; y++) {
    const f = background.texture === 'gradient' ? top + ((bottom - top) * y) / (side - 1) : 1;
    const rf = clamp8(r * f);
    const gf = clamp8(g * f);
    const bf = clamp8(b * f);
    for (let x = 0; x < side; x++, p += 3) {
      data[p] = rf;
      data[p + 1] = gf;
      data[p + 2] = bf;
    }
  }
  return data;
}
