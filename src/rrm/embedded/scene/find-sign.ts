import { luma } from '../../../images/index.js';
import type { Component, Segmentation } from './segment.js';

/** Share of each side of the box the component must cover: a plate's border runs all round it. */
const MIN_EDGE_COVER = 0.7;
/** Lines in from each side of the box where the border may be found (a blur of 3 px spreads it). */
const EDGE_INSET = 4;
/** A ring (a border, its letters apart or blurred into it) fills at most this much of its box; a circle fills 0.79. */
const MAX_RING = 0.6;
/**
 * A component that frames its box and is not a ring is a plate when the middle of its box (the text)
 * is neutral, holds both light and dark, and its light part is near the ground's lightness or above:
 * white paper with black letters, even blurred into grey (sigma 3 px leaves a spread of about 100
 * levels). The only other shape that frames its box is the square: a grey or black one spreads at
 * most 56 levels (its pattern ink) and is far darker than any ground; a coloured one is not neutral.
 */
const MIN_TEXT_SPREAD = 60;
/**
 * A plate of two or more characters is at least 15 cells wide to 11 high; no object's box is wider
 * than high by this much (a square's is 1:1), so a wide neutral block needs less spread: a blur of 3 px
 * on a 2.5 px cell leaves the letters only 40 levels from the paper.
 */
const WIDE = 1.2;
const MIN_WIDE_TEXT_SPREAD = 25;
/**
 * Mean channel range (max - min) of the text area: the plate's colours are grey, a cast of 0.15 adds
 * 38 and a warmth of 0.5 adds 64; every object colour but grey and black ranges over 85 or more, and
 * the light ones (yellow, orange, pink) over 120.
 */
const MAX_TEXT_CHROMA = 80;
/**
 * A plate's paper and ink differ in grey only: whatever cast or warmth tints one tints the other, so the
 * mean light colour less the mean dark one has (nearly) equal channels. A patterned object's ink is its
 * base scaled by 0.55, so the difference is 0.45 of the base, whose channel range is at least half its
 * luma for every colour but grey and black; a brightening that clips the mean colour's chroma keeps it.
 * As a share of the luma spread: JPEG leaves a plate under 0.15, a pink pattern brightened 0.46.
 */
const MAX_INK_TINT = 0.25;
/** Smoothed channel values at or beyond these are clipped: their differences are not measured. */
const CLIPPED_HIGH = 253;
const CLIPPED_LOW = 2;
/** Luma levels the light part of the text area may lie under the ground's. */
const LIGHT_BELOW_GROUND = 60;
/** Share of the box's width and height left out on each side of the text area (border, blur rim). */
const TEXT_INSET = 0.22;

/** Share of the pixels along one line of the component's box that belong to the component. */
function lineCover(seg: Segmentation, w: number, c: Component, horizontal: boolean, at: number): number {
  let hit = 0;
  const from = horizontal ? c.x0 : c.y0;
  const to = horizontal ? c.x1 : c.y1;
  for (let t = from; t < to; t++) {
    if (seg.labels[horizontal ? at * w + t : t * w + at] === c.label) hit++;
  }
  return hit / (to - from);
}

/** Whether the component runs along all four sides of its box (best of the first lines in from each). */
function framesItsBox(seg: Segmentation, w: number, c: Component): boolean {
  const bw = c.x1 - c.x0;
  const bh = c.y1 - c.y0;
  const side = (horizontal: boolean, from: number, step: number, span: number): number => {
    let best = 0;
    for (let d = 0; d <= Math.min(EDGE_INSET, Math.floor(span / 8)); d++) {
      best = Math.max(best, lineCover(seg, w, c, horizontal, from + step * d));
    }
    return best;
  };
  return (
    side(true, c.y0, 1, bh) >= MIN_EDGE_COVER &&
    side(true, c.y1 - 1, -1, bh) >= MIN_EDGE_COVER &&
    side(false, c.x0, 1, bw) >= MIN_EDGE_COVER &&
    side(false, c.x1 - 1, -1, bw) >= MIN_EDGE_COVER
  );
}

interface TextArea {
  /** Luma from the 10th to the 90th percentile. */
  spread: number;
  /** The 90th percentile of luma. */
  light: number;
  /** Mean channel range (max - min). */
  chroma: number;
  /** Channel range of the light pixels' mean colour less the dark pixels' (see MAX_INK_TINT). */
  inkTint: number;
}

/** The middle of the component's box, where a plate's text is, read as in TextArea. */
function textArea(px: Float32Array, w: number, c: Component): TextArea {
  const bw = c.x1 - c.x0;
  const bh = c.y1 - c.y0;
  const x0 = c.x0 + Math.floor(TEXT_INSET * bw);
  const x1 = c.x1 - Math.floor(TEXT_INSET * bw);
  const y0 = c.y0 + Math.floor(TEXT_INSET * bh);
  const y1 = c.y1 - Math.floor(TEXT_INSET * bh);
  const hist = new Uint32Array(256);
  const sums = new Float64Array(256 * 3);
  let chroma = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, p = (y * w + x0) * 3; x < x1; x++, p += 3) {
      const r = px[p]!;
      const g = px[p + 1]!;
      const b = px[p + 2]!;
      const bin = Math.min(255, Math.round(luma(r, g, b)));
      hist[bin]!++;
      sums[3 * bin] = sums[3 * bin]! + r;
      sums[3 * bin + 1] = sums[3 * bin + 1]! + g;
      sums[3 * bin + 2] = sums[3 * bin + 2]! + b;
      chroma += Math.max(r, g, b) - Math.min(r, g, b);
      n++;
    }
  }
  // The 10th and 90th percentiles, and the mean colour of the pixels below and above them.
  const dark = [0, 0, 0, 0];
  const lightSum = [0, 0, 0, 0];
  let seen = 0;
  let low = -1;
  let high = -1;
  for (let v = 0; v < 256; v++) {
    if (hist[v] === 0) continue;
    if (low < 0 && seen + hist[v]! >= 0.1 * n) low = v;
    if (high < 0 && seen + hist[v]! >= 0.9 * n) high = v;
    const into = low < 0 || v === low ? dark : high >= 0 ? lightSum : null;
    if (into) {
      for (let k = 0; k < 4; k++) into[k] = into[k]! + (k < 3 ? sums[3 * v + k]! : hist[v]!);
    }
    seen += hist[v]!;
  }
  const lightRgb = [0, 1, 2].map((k) => lightSum[k]! / Math.max(1, lightSum[3]!));
  const darkRgb = [0, 1, 2].map((k) => dark[k]! / Math.max(1, dark[3]!));
  return {
    spread: high - low,
    light: high,
    chroma: n > 0 ? chroma / n : 255,
    inkTint: inkTint(lightRgb, darkRgb),
  };
}

/**
 * Channel range of light less dark over the channels neither clipped (a cast or brightening pushes the
 * paper to 255 in some channels, where the difference no longer says anything). Paper clipped in every
 * channel is white: no tint. Only one channel left cannot show a tint, and counts as tinted: a pink
 * pattern brightened clips in red and blue.
 */
function inkTint(light: number[], dark: number[]): number {
  const open = [0, 1, 2].filter((k) => light[k]! < CLIPPED_HIGH && dark[k]! > CLIPPED_LOW);
  if (light.every((v) => v >= CLIPPED_HIGH)) return 0;
  if (open.length < 2) return Infinity;
  const tint = open.map((k) => light[k]! - dark[k]!);
  return Math.max(...tint) - Math.min(...tint);
}

/**
 * Whether a component is a sign plate: it runs along all four sides of its box, and either it does
 * not fill the box (a white ground, where only the plate's dark border and letters stand out) or the
 * middle of its box reads as dark text on light paper (textArea above), which survives a blur that
 * merges border, paper and letters into one grey block.
 */
export function isSignPlate(
  px: Float32Array,
  w: number,
  seg: Segmentation,
  c: Component,
  groundLuma: number,
): boolean {
  const bw = c.x1 - c.x0;
  const bh = c.y1 - c.y0;
  if (bw < 6 || bh < 4 || !framesItsBox(seg, w, c)) return false;
  if (c.area / (bw * bh) <= MAX_RING) return true;
  const text = textArea(px, w, c);
  return (
    text.spread >= (bw >= WIDE * bh ? MIN_WIDE_TEXT_SPREAD : MIN_TEXT_SPREAD) &&
    text.chroma <= MAX_TEXT_CHROMA &&
    text.inkTint <= MAX_INK_TINT * text.spread &&
    text.light >= groundLuma - LIGHT_BELOW_GROUND
  );
}
