import { GLYPH_GAP, GLYPH_HEIGHT, GLYPH_WIDTH } from '../../../images/index.js';
import type { InkMap, Rect } from './ink-map.js';

/**
 * The sign plate's geometry in cells (images/bitmap-font.ts; EditWorld's renderer draws it so): the
 * plate is PLATE_CELLS_HIGH cells high, one cell of border area then GLYPH_GAP cells of margin around
 * the text, and its dark border is BORDER_SHARE of the plate's height wide.
 */
export const PLATE_CELLS_HIGH = GLYPH_HEIGHT + 2 * GLYPH_GAP + 2;
const BORDER_SHARE = 0.06;
const BORDER_CELLS = BORDER_SHARE * PLATE_CELLS_HIGH;
/** Cells from one border's centre line to the other's, beyond the text (both sides together). */
const CENTRE_TO_CENTRE_EXTRA = 2 * (1 + GLYPH_GAP) - BORDER_CELLS;
export const GLYPH_PITCH = GLYPH_WIDTH + GLYPH_GAP;
const MAX_CHARS = 8;

/** Where the text's cells lie: glyph k's cell (row i, column j) starts at origin + ((k * pitch + j), i) cells. */
export interface PlateGrid {
  chars: number;
  originX: number;
  originY: number;
  cellX: number;
  cellY: number;
}

const clampChars = (n: number): number => Math.min(MAX_CHARS, Math.max(1, n));

/**
 * Fits the text grid to the plate the parser boxed. The box may be a pixel or two off, which at a
 * 2.5 px cell is most of a cell, so each side's border line is found again from the ink: its centre
 * (the centroid of a blurred line stays where the line was) is a sharper landmark than an edge.
 */
export function fitPlateGrid(map: InkMap, box: Rect): PlateGrid {
  const guess = (box.y1 - box.y0) / PLATE_CELLS_HIGH;
  const inset = (BORDER_CELLS / 2) * guess;
  const midX: [number, number] = [box.x0 + 2 * guess, box.x1 - 2 * guess];
  const midY: [number, number] = [box.y0 + 2 * guess, box.y1 - 2 * guess];
  const top = borderCentre(map, 'y', box.y0 + inset, guess, midX, -1);
  const bottom = borderCentre(map, 'y', box.y1 - inset, guess, midX, 1);
  const left = borderCentre(map, 'x', box.x0 + inset, guess, midY, -1);
  const right = borderCentre(map, 'x', box.x1 - inset, guess, midY, 1);
  const cellY = (bottom - top) / (PLATE_CELLS_HIGH - BORDER_CELLS);
  const chars = clampChars(
    Math.round(((right - left) / cellY - CENTRE_TO_CENTRE_EXTRA + GLYPH_GAP) / GLYPH_PITCH),
  );
  const cellX = (right - left) / (chars * GLYPH_PITCH - GLYPH_GAP + CENTRE_TO_CENTRE_EXTRA);
  // The text is centred on the plate, so the two border lines place it even when a width is off.
  return {
    chars,
    cellX,
    cellY,
    originX: (left + right) / 2 - ((chars * GLYPH_PITCH - GLYPH_GAP) * cellX) / 2,
    originY: (top + bottom) / 2 - (GLYPH_HEIGHT * cellY) / 2,
  };
}

/**
 * Centre of the border line near `expected` along one axis ('y': a horizontal line), from the ink
 * profile across it over the span `across`. The window reaches half a cell and 2 px either way, wide
 * enough for a box two pixels off; it may then also hold the text's first stroke, so the line taken
 * is the first dark run met coming from outside the plate (`outward` is the side the outside is on).
 */
function borderCentre(
  map: InkMap,
  axis: 'x' | 'y',
  expected: number,
  cell: number,
  across: [number, number],
  outward: -1 | 1,
): number {
  const reach = 2 + cell / 2;
  const first = Math.floor(expected - reach);
  const last = Math.ceil(expected + reach);
  const profile: number[] = [];
  for (let p = first; p < last; p++) {
    profile.push(
      axis === 'y' ? map.mean(across[0], p, across[1], p + 1) : map.mean(p, across[0], p + 1, across[1]),
    );
  }
  const high = Math.max(...profile);
  const low = Math.min(...profile);
  // No line stands out (a plate far smaller than a pixel per cell, or no plate): keep the box's word.
  if (high - low < 0.2) return expected;
  const cut = (high + low) / 2;
  const inward = -outward;
  let peak = outward === -1 ? 0 : profile.length - 1;
  while (profile[peak]! <= cut) peak += inward;
  while (profile[peak + inward] !== undefined && profile[peak + inward]! > profile[peak]!) peak += inward;
  let from = peak;
  let to = peak;
  while (from > 0 && profile[from - 1]! > cut) from--;
  while (to < profile.length - 1 && profile[to + 1]! > cut) to++;
  // The centroid of what rises above the cut: a symmetric blur moves both flanks alike.
  let weight = 0;
  let moment = 0;
  for (let i = from; i <= to; i++) {
    const w = profile[i]! - cut;
    weight += w;
    moment += w * (first + i + 0.5);
  }
  return moment / weight;
}
