import { glyph, GLYPH_CHARS, GLYPH_HEIGHT, GLYPH_WIDTH } from '../../../images/index.js';

/** Cells in one glyph: the length of every vector matchGlyph compares. */
export const GLYPH_CELLS = GLYPH_WIDTH * GLYPH_HEIGHT;

/**
 * Every glyph of the font as a zero-mean, unit-length vector over its 5x7 cells (row-major), packed
 * one after another. Zero mean makes the dot product with a sample blind to the sample's own mean,
 * so dividing by the sample's spread gives the Pearson correlation: indifferent to the ink's contrast
 * and the plate's brightness, which a tone shift or a blur changes.
 */
const TEMPLATES = new Float64Array(GLYPH_CHARS.length * GLYPH_CELLS);
[...GLYPH_CHARS].forEach((char, g) => {
  const inked = glyph(char)!.flat();
  const mean = inked.filter(Boolean).length / GLYPH_CELLS;
  const norm = Math.sqrt(inked.reduce((sum, on) => sum + ((on ? 1 : 0) - mean) ** 2, 0));
  inked.forEach((on, i) => (TEMPLATES[g * GLYPH_CELLS + i] = ((on ? 1 : 0) - mean) / norm));
});

export interface GlyphMatch {
  char: string;
  /** Correlation with the best glyph, -1..1 (0 for a blank sample). */
  score: number;
  /** Correlation with the runner-up glyph: how far ahead the best one is. */
  runnerUp: number;
}

/** The font glyph whose 5x7 pattern correlates best with the sampled ink of one character's cells. */
export function matchGlyph(ink: Float64Array): GlyphMatch {
  let mean = 0;
  for (let i = 0; i < GLYPH_CELLS; i++) mean += ink[i]!;
  mean /= GLYPH_CELLS;
  let spread = 0;
  for (let i = 0; i < GLYPH_CELLS; i++) spread += (ink[i]! - mean) ** 2;
  // A blank sample (no contrast at all) correlates with nothing.
  const scale = spread > 1e-12 ? 1 / Math.sqrt(spread) : 0;
  let best = -1;
  let score = -Infinity;
  let runnerUp = -Infinity;
  for (let g = 0, offset = 0; g < GLYPH_CHARS.length; g++, offset += GLYPH_CELLS) {
    let dot = 0;
    for (let i = 0; i < GLYPH_CELLS; i++) dot += TEMPLATES[offset + i]! * ink[i]!;
    dot *= scale;
    if (dot > score) {
      runnerUp = score;
      score = dot;
      best = g;
    } else if (dot > runnerUp) runnerUp = dot;
  }
  return { char: GLYPH_CHARS[best]!, score, runnerUp };
}
