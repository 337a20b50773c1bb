import type { Component, Segmentation } from './segment.js';

/** Share of each side of the box the component must cover: a plate's border runs all round it. */
const MIN_EDGE_COVER = 0.7;
/** Lines in from each side of the box where the border may be found (a blur of 3 px spreads it). */
const EDGE_INSET = 4;
/** A plate on a coloured ground fills its box; only a square object fills its box as well. */
const MIN_FILLED = 0.8;
/** A ring (a border, its letters apart or blurred into it) fills at most this much of its box; a circle fills 0.79. */
const MAX_RING = 0.6;
/** Share of a filled plate's pixels lighter than the ground: the #FAFAFA plate is; no object colour is. */
const MIN_LIGHTER = 0.1;
/** Luma levels above the ground's that count as lighter (grain and noise stay under it once smoothed). */
const LIGHTER_BY = 8;

const luma = (px: Float32Array, p: number): number =>
  0.299 * px[p]! + 0.587 * px[p + 1]! + 0.114 * px[p + 2]!;

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

/**
 * Whether a component is a sign plate: it runs along all four sides of its box, and either it does
 * not fill the box (a white ground, where only the plate's dark border and letters stand out) or it
 * fills it and part of it is lighter than the ground (the near-white plate; every object colour is
 * darker than every ground, so a square object is not lighter anywhere).
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
  const fill = c.area / (bw * bh);
  // Framing its box and hollow: a ring (or, blurred, a ring run into its letters). No object shape
  // frames its box but the square, which fills it.
  if (fill <= MAX_RING) return true;
  if (fill < MIN_FILLED) return false;
  let lighter = 0;
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0, i = y * w + x; x < c.x1; x++, i++) {
      if (seg.labels[i] === c.label && luma(px, i * 3) > groundLuma + LIGHTER_BY) lighter++;
    }
  }
  return lighter >= MIN_LIGHTER * c.area;
}
