import type { Sign } from '../core/index.js';
import { GLYPH_GAP, GLYPH_HEIGHT, GLYPH_WIDTH } from '../images/index.js';

/** An axis-aligned box, x0/y0 top-left (inclusive edge), x1/y1 bottom-right, in the caller's units. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Cells in the plate's height: the glyph, a gap above and below, and one more cell on each side
 * that holds the border. A sign's glyph cell is plateHeight / SIGN_ROWS.
 */
export const SIGN_ROWS = GLYPH_HEIGHT + 2 * GLYPH_GAP + 2;

/** Cells in the plate's width for a text of n characters (glyphs, gaps between, gap and border cell each side). */
export function signColumns(n: number): number {
  return n * (GLYPH_WIDTH + GLYPH_GAP) - GLYPH_GAP + 2 * GLYPH_GAP + 2;
}

/**
 * The sign's plate (border included) in pixels of a side x side image; with side = 1, in the scene's
 * fractions. Not snapped to the pixel grid: the renderer anti-aliases at these exact edges.
 */
export function signPlateBox(sign: Sign, side: number): Box {
  const height = sign.height * side;
  const width = (height / SIGN_ROWS) * signColumns(sign.text.length);
  const cx = sign.x * side;
  const cy = sign.y * side;
  return { x0: cx - width / 2, y0: cy - height / 2, x1: cx + width / 2, y1: cy + height / 2 };
}
