import type { BorderReport, Raster } from './types.js';

/**
 * A pixel belongs to a band when no channel is more than 16/255 from the band's colour: enough for
 * JPEG noise on a flat fill, far less than the texture of a photo.
 */
export const BAND_TOLERANCE = 16;
/** A line (row or column) is uniform when 98% of its pixels match; the rest absorbs compression ringing. */
export const BAND_MIN_MATCHING = 0.98;
/** Bands thinner than 1.5% of the dimension are ignored: a hairline or the blend at a resized edge. */
export const MIN_BAND_SHARE = 0.015;
/** Near-white: every channel of the band's colour at least 235/255 (JPEG and scaling darken pure white a little). */
export const WHITE_MIN = 235;
/** The source has "the same" band when its thickness differs by at most 2% of the dimension. */
export const SAME_BAND_SHARE = 0.02;
/**
 * A band is the scene's own (a flat wall, a clear sky, a studio backdrop, a brightened wall clipped to
 * white) when at least this share of the source's lines under it are uniform each on its own: an
 * editor's padding covers content, and content lines are not uniform.
 */
export const SCENE_BAND_UNIFORM_SHARE = 0.6;

/**
 * Bands on at least three sides, or on two opposite sides, whose thicknesses agree within this share
 * of the dimension, in one colour, are a frame: an editor's padding is even all round (or top and
 * bottom, letterbox bars), while a flat part of the scene (a wall, a sky, a plain backdrop) reaches
 * the edges at whatever depth the content leaves it.
 */
export const FRAME_SLACK = 0.01;
/** A "frame" deeper than this share of the dimension is a plain picture, not padding round one. */
export const FRAME_MAX_SHARE = 0.25;

export type Side = 'top' | 'right' | 'bottom' | 'left';
export const SIDES: readonly Side[] = ['top', 'right', 'bottom', 'left'];

interface Band {
  share: number;
  colour: [number, number, number];
}

/** The lines of a raster parallel to one side, line 0 at the edge. */
interface SideLines {
  lines: number;
  length: number;
  /** Index into the raster data of pixel k on line i. */
  at: (i: number, k: number) => number;
}

export function sideLines({ width, height }: Raster, side: Side): SideLines {
  const horizontal = side === 'top' || side === 'bottom';
  return {
    lines: horizontal ? height : width,
    length: horizontal ? width : height,
    at: (i, k) => {
      const x = horizontal ? k : side === 'left' ? i : width - 1 - i;
      const y = horizontal ? (side === 'top' ? i : height - 1 - i) : k;
      return (y * width + x) * 3;
    },
  };
}

function lineColour(data: Uint8Array, { length, at }: SideLines, i: number): [number, number, number] {
  const colour: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < length; k++) {
    const p = at(i, k);
    colour[0] += data[p]!;
    colour[1] += data[p + 1]!;
    colour[2] += data[p + 2]!;
  }
  return [colour[0] / length, colour[1] / length, colour[2] / length];
}

/** Whether at least BAND_MIN_MATCHING of line i's pixels lie within BAND_TOLERANCE of `colour`. */
function lineMatches(
  data: Uint8Array,
  { length, at }: SideLines,
  i: number,
  colour: readonly number[],
): boolean {
  const allowedMisses = Math.floor(length * (1 - BAND_MIN_MATCHING));
  let misses = 0;
  for (let k = 0; k < length && misses <= allowedMisses; k++) {
    const p = at(i, k);
    if (
      Math.abs(data[p]! - colour[0]!) > BAND_TOLERANCE ||
      Math.abs(data[p + 1]! - colour[1]!) > BAND_TOLERANCE ||
      Math.abs(data[p + 2]! - colour[2]!) > BAND_TOLERANCE
    ) {
      misses++;
    }
  }
  return misses <= allowedMisses;
}

/** Measures the uniform band along one side, line by line inwards from the edge. */
function measureBand(raster: Raster, side: Side): Band | null {
  const geometry = sideLines(raster, side);
  if (geometry.lines === 0 || geometry.length === 0) return null;
  const colour = lineColour(raster.data, geometry, 0);
  let depth = 0;
  while (depth < geometry.lines && lineMatches(raster.data, geometry, depth, colour)) depth++;
  const share = depth / geometry.lines;
  return share < MIN_BAND_SHARE ? null : { share, colour };
}

/**
 * The source's bands, per raster: a source is compared with every edit of it, and decoded rasters
 * are shared from the decode cache, so its four sides are measured once.
 */
const sourceBands = new WeakMap<Raster, Partial<Record<Side, Band | null>>>();

function sourceBand(source: Raster, side: Side): Band | null {
  let bands = sourceBands.get(source);
  if (!bands) sourceBands.set(source, (bands = {}));
  if (!(side in bands)) bands[side] = measureBand(source, side);
  return bands[side] ?? null;
}

/** Whether the source's lines under a band of this share are mostly uniform each on its own (scene, not padding). */
function sceneUnderBand(source: Raster, side: Side, share: number): boolean {
  const geometry = sideLines(source, side);
  const depth = Math.round(share * geometry.lines);
  if (depth === 0) return false;
  let uniform = 0;
  for (let i = 0; i < depth; i++) {
    if (lineMatches(source.data, geometry, i, lineColour(source.data, geometry, i))) uniform++;
  }
  return uniform / depth >= SCENE_BAND_UNIFORM_SHARE;
}

const isWhite = (band: Band) => band.colour.every((c) => c >= WHITE_MIN);

function sameBand(a: Band, b: Band | null): boolean {
  return (
    b !== null &&
    Math.abs(a.share - b.share) <= SAME_BAND_SHARE &&
    a.colour.every((c, i) => Math.abs(c - b.colour[i]!) <= BAND_TOLERANCE)
  );
}

interface MeasuredSide {
  side: Side;
  band: Band;
  sourceBand: Band | null;
}

const OPPOSITE: Record<Side, Side> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

/** Whether two colours are the same within BAND_TOLERANCE on every channel. */
const sameColour = (a: readonly number[], b: readonly number[]): boolean =>
  a.every((c, i) => Math.abs(c - b[i]!) <= BAND_TOLERANCE);

/**
 * The bands that form an even frame (FRAME_SLACK), or none: white bands on two opposite sides or on
 * three, or bands of any one colour on all four, each of a colour the source did not have at that
 * edge (padding is new colour; a plain ground reaching the edge at a new depth is the old one).
 */
function frameOf(bands: readonly MeasuredSide[]): Band[] {
  const fresh = bands.filter(
    ({ band, sourceBand }) =>
      band.share <= FRAME_MAX_SHARE && !(sourceBand && sameColour(band.colour, sourceBand.colour)),
  );
  for (const { band: reference } of fresh) {
    const members = fresh.filter(
      ({ band }) =>
        Math.abs(band.share - reference.share) <= FRAME_SLACK && sameColour(band.colour, reference.colour),
    );
    const opposite = members.some((m) => members.some((n) => n.side === OPPOSITE[m.side]));
    const even = isWhite(reference)
      ? members.length >= 3 || (members.length === 2 && opposite)
      : members.length === 4;
    if (even) {
      // A frame the source has too is the picture's own.
      return members.every(({ band, sourceBand }) => sameBand(band, sourceBand))
        ? []
        : members.map((m) => m.band);
    }
  }
  return [];
}

/**
 * Uniform bands along the sides of `edited`, compared with `source`'s: a band the source has too, or
 * one lying over a flat part of the scene (see SCENE_BAND_UNIFORM_SHARE), is not the editor's doing,
 * unless the bands form an even frame the source lacks (FRAME_SLACK). `kind` describes the added bands
 * when there are any, else all bands; it is 'white' when any of them is near-white.
 */
export function detectBorder(edited: Raster, source: Raster): BorderReport {
  const sides = { top: 0, right: 0, bottom: 0, left: 0 };
  const found: Band[] = [];
  const measured: MeasuredSide[] = [];
  const added: Band[] = [];
  for (const side of SIDES) {
    const band = measureBand(edited, side);
    if (!band) continue;
    sides[side] = band.share;
    found.push(band);
    const before = sourceBand(source, side);
    measured.push({ side, band, sourceBand: before });
    if (!sameBand(band, before) && !sceneUnderBand(source, side, band.share)) added.push(band);
  }
  const frame = frameOf(measured);
  for (const band of frame) if (!added.includes(band)) added.push(band);
  const described = added.length > 0 ? added : found;
  const kind = described.length === 0 ? 'none' : described.some(isWhite) ? 'white' : 'flat';
  return { sides, kind, added: added.length > 0, frame: frame.length > 0 };
}
