import { GLYPH_HEIGHT, GLYPH_WIDTH, type Raster } from '../../../images/index.js';
import { GLYPH_CELLS, matchGlyph, type GlyphMatch } from './glyph-match.js';
import { buildInkMap, type InkMap, type Rect } from './ink-map.js';
import { fitPlateGrid, GLYPH_PITCH, PLATE_CELLS_HIGH, type PlateGrid } from './plate-grid.js';

/** Below this many pixels per cell a glyph is a smudge of a few pixels: '?' beats a guess. */
export const MIN_CELL_PX = 1;
/** A best correlation under this, or a lead over the runner-up under MIN_LEAD, is not a reading. */
export const MIN_SCORE = 0.6;
export const MIN_LEAD = 0.04;
/** Least contrast (luma levels) between plate and ink for there to be anything to read. */
const MIN_CONTRAST = 40;
/** Offsets (in cells) tried for the whole text, then for each glyph around the text's best. */
const TEXT_SHIFTS = [-0.5, -0.25, 0, 0.25, 0.5];
const GLYPH_SHIFTS = [-0.25, 0, 0.25];

/**
 * Reads the text of a sign plate (images/bitmap-font.ts) inside `box`, a pixel box of the plate that
 * may be a pixel or two off. Each glyph's 5x7 cells are area-averaged from the plate's adaptive ink
 * map and matched against every glyph of the font; a character without a clear match reads '?'.
 */
export function readSignText(raster: Raster, box: Rect): string {
  const height = box.y1 - box.y0;
  const margin = 3 + height / PLATE_CELLS_HIGH;
  const window = { x0: box.x0 - margin, y0: box.y0 - margin, x1: box.x1 + margin, y1: box.y1 + margin };
  const map = buildInkMap(raster, window, box);
  const grid = fitPlateGrid(map, box);
  const unreadable = '?'.repeat(grid.chars);
  if (map.paper - map.ink < MIN_CONTRAST || Math.min(grid.cellX, grid.cellY) < MIN_CELL_PX) return unreadable;

  // The whole text shares one offset: find it from all glyphs together, where a wrong offset costs
  // every glyph (first across the lines, then along them: the two barely interact), then let each
  // glyph settle within a quarter cell (the rounding of its own position).
  const fit = (dx: number, dy: number): number => {
    let total = 0;
    for (let k = 0; k < grid.chars; k++) total += matchGlyph(sampleGlyph(map, grid, k, dx, dy)).score;
    return total;
  };
  const argmax = (score: (shift: number) => number): number => {
    const scores = TEXT_SHIFTS.map(score);
    return TEXT_SHIFTS[scores.indexOf(Math.max(...scores))]!;
  };
  const shiftY = argmax((dy) => fit(0, dy));
  const shiftX = argmax((dx) => fit(dx, shiftY));
  let text = '';
  for (let k = 0; k < grid.chars; k++) {
    let best: GlyphMatch | undefined;
    for (const dy of GLYPH_SHIFTS) {
      for (const dx of GLYPH_SHIFTS) {
        const match = matchGlyph(sampleGlyph(map, grid, k, shiftX + dx, shiftY + dy));
        if (!best || match.score > best.score) best = match;
      }
    }
    text += best && best.score >= MIN_SCORE && best.score - best.runnerUp >= MIN_LEAD ? best.char : '?';
  }
  return text;
}

/**
 * Mean ink of each of glyph k's cells, shifted by (dx, dy) cells, row-major. The cells tile the glyph,
 * so the area integral is taken once at each of the (5 + 1) x (7 + 1) cell corners and each cell's
 * mean is a difference of four of them.
 */
function sampleGlyph(map: InkMap, grid: PlateGrid, k: number, dx: number, dy: number): Float64Array {
  const x0 = grid.originX + (k * GLYPH_PITCH + dx) * grid.cellX;
  const y0 = grid.originY + dy * grid.cellY;
  const corners = new Float64Array((GLYPH_WIDTH + 1) * (GLYPH_HEIGHT + 1));
  for (let i = 0; i <= GLYPH_HEIGHT; i++) {
    for (let j = 0; j <= GLYPH_WIDTH; j++) {
      corners[i * (GLYPH_WIDTH + 1) + j] = map.integral(x0 + j * grid.cellX, y0 + i * grid.cellY);
    }
  }
  const area = grid.cellX * grid.cellY;
  const cells = new Float64Array(GLYPH_CELLS);
  for (let i = 0; i < GLYPH_HEIGHT; i++) {
    for (let j = 0; j < GLYPH_WIDTH; j++) {
      const a = i * (GLYPH_WIDTH + 1) + j;
      const b = a + GLYPH_WIDTH + 1;
      cells[i * GLYPH_WIDTH + j] = (corners[b + 1]! - corners[b]! - corners[a + 1]! + corners[a]!) / area;
    }
  }
  return cells;
}
