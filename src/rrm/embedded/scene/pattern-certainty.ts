import { DOTS_BELOW, type PatternReading } from './detect-pattern.js';
import type { ParsedObject } from './types.js';

/**
 * Objects whose pattern the parser could not tell for sure (faint black ink, small dots under blur,
 * contrast near what noise or JPEG blocks make). ParsedObject has no field for it, so the parser
 * records them here and checks that compare patterns ask: a comparison with an undecided reading on
 * either side is skipped rather than failed. Held weakly: a parsed scene carries its own answer.
 */
const undecided = new WeakSet<ParsedObject>();

export function markPatternUndecided(object: ParsedObject): void {
  undecided.add(object);
}

/** Whether the parser read this object's pattern decisively (true for objects it never saw). */
export function patternDecided(object: ParsedObject): boolean {
  return !undecided.has(object);
}

/** What decides whether a reading can be trusted, beyond the tones themselves. */
export interface ReadingContext {
  /** The floor detectPattern was given. */
  floor: number;
  /** Width of the object's blurred rim in px (about 1.5 when sharp). */
  rimWidth: number;
  /** Circumradius in px. */
  radius: number;
  /** Length of the object's base colour as an RGB vector: its ink would be 0.45 of it away. */
  baseLength: number;
}

/** A dotted or checkered reading this close to DOTS_BELOW could be either: not decisive. */
const DOTS_MARGIN = 0.04;
/** Beyond this rim width the picture is blurred (sharp: 1.5; a blur of 0.008 of 256 px: 2.8). */
const BLURRED_RIM = 2.4;
/** Contrast, in floors, that a pattern reading needs to be decisive: sharp, and blurred (blur bleeds the ground into corners). */
const DECISIVE_PATTERN = 1.3;
const DECISIVE_BLURRED_PATTERN = 2.5;
/**
 * Sharp ink and base make two clusters (separation near 1); JPEG's blocks, which can spread a flat
 * object as far as a pattern, make a smear (0.6 to 0.75), but less than CLEAR_OF_JPEG floors wide
 * (up to 4.8 at quality 8). A small checkerboard's smoothed edges smear it to 0.74, at 7 floors or
 * more. Blur smears a pattern too, and is judged by contrast instead.
 */
const DECISIVE_SEPARATION = 0.75;
const CLEAR_OF_JPEG = 6;
/** Contrast, in floors, under which a solid reading is decisive. */
const DECISIVE_SOLID = 0.7;
/** Share of the full ink contrast that a pattern keeps once smoothed: the small dots lose about half. */
const KEPT_CONTRAST = 0.5;
/** Dots are 0.12 of the circumradius in radius: under a rim wider than that they blur away. */
const DOT_RADIUS = 0.12;

/**
 * Whether a reading is decisive: a pattern well above the floor, or solid where a pattern, had there
 * been one, would have shown: its ink far enough from the base (not black: 13 levels) and its dots
 * larger than the blur.
 */
export function isDecisive(reading: PatternReading, context: ReadingContext): boolean {
  const { floor, rimWidth, radius, baseLength } = context;
  const blurred = rimWidth > BLURRED_RIM;
  if (reading.pattern !== 'solid') {
    if (reading.pattern !== 'striped' && Math.abs(reading.inkShare - DOTS_BELOW) < DOTS_MARGIN) return false;
    const smeared = reading.separation < DECISIVE_SEPARATION && reading.contrast < CLEAR_OF_JPEG * floor;
    if (!blurred && smeared) return false;
    return reading.contrast >= (blurred ? DECISIVE_BLURRED_PATTERN : DECISIVE_PATTERN) * floor;
  }
  const visible = 0.45 * KEPT_CONTRAST * baseLength >= floor && (!blurred || DOT_RADIUS * radius >= rimWidth);
  return visible && reading.contrast <= DECISIVE_SOLID * floor;
}
