import { BAND_TOLERANCE, MIN_BAND_SHARE, SIDES, sideLines, WHITE_MIN, type Side } from './border.js';
import { CHANGE_CELL_THRESHOLD, CHANGE_GRID } from './change-map.js';
import { coarseChange } from './coarse-change.js';
import type { LoadedImage, Raster } from './types.js';

/**
 * How far past the cell threshold a cell's mean difference must be at the preview's scale. Above the
 * analysis scale's CLEAR_CHANGE_MARGIN (1.5): preview cells cover the frame at a coarser step, so a
 * cell's edges can sit up to one preview pixel away from the analysis grid's, and a change near an
 * edge then weighs up to a quarter more in one grid than in the other.
 */
export const PREVIEW_CHANGE_MARGIN = 2.5;
/** And the frame-wide shift must pass NEAR_IDENTICAL_MAX_SHIFT by this factor (a mean over the frame barely depends on scale). */
export const PREVIEW_SHIFT_MARGIN = 1.5;
/**
 * A side may hold a near-white band when at least this share of its outermost preview line is
 * near-white. A band's lines are 98% within BAND_TOLERANCE of a colour of at least WHITE_MIN on every
 * channel (border.ts), so under a band at most a fifth of the preview line (each preview pixel averages
 * at most ~3x3 analysis pixels, see previewSide) can be anything else; half leaves room to spare.
 */
export const PREVIEW_WHITE_SHARE = 0.5;
/**
 * What counts as near-white in the preview: WHITE_MIN less BAND_TOLERANCE (what a band's own pixels
 * reach) less 40 levels for the coarser decode, whose chroma blocks (16x16 pixels at 1/8 scale) can mix
 * the colour of the content under a thin band into the band's outermost line.
 */
export const PREVIEW_WHITE_MIN = WHITE_MIN - BAND_TOLERANCE - 40;
/**
 * A band counts from MIN_BAND_SHARE of the dimension; a preview at 1/k is only read where the thinnest
 * band that counts covers its outermost line, k pixels deep, with this many pixels to spare for the
 * blur of the analysis decode at the band's inner edge.
 */
const BAND_SPARE_PIXELS = 2;

/** The scale (1/k) sharp's JPEG loader decodes at for a target of `side` on the longest side. */
function jpegScaleFor(longest: number, side: number): number {
  const shrink = longest / side;
  return shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
}

/**
 * The longest side of a preview of `edited` that is cheaper to decode than its analysis raster, or
 * null when there is none worth reading. A JPEG decoder can scale by 1/4 or 1/8 while it decodes,
 * skipping most of the inverse DCT: for a 1024 px photo the 1/8 decode costs about 30% less than the
 * 1/4 one an analysis at 256 px needs. Only JPEG edits, of the source's size (the pre-check compares
 * the two pixel for pixel), and large enough that the thinnest band that counts covers the preview's
 * outermost line.
 */
export function previewSide(source: LoadedImage, edited: LoadedImage, analysisSide: number): number | null {
  if (edited.format !== 'jpeg') return null;
  if (source.width !== edited.width || source.height !== edited.height) return null;
  const longest = Math.max(edited.width, edited.height);
  const thinnestBand = MIN_BAND_SHARE * Math.min(edited.width, edited.height);
  const analysisScale = jpegScaleFor(longest, Math.min(analysisSide, longest));
  for (const k of [8, 4]) {
    // floor: sharp decodes at 1/k only when the shrink is at least k.
    if (k > analysisScale && thinnestBand >= k + BAND_SPARE_PIXELS) return Math.floor(longest / k);
  }
  return null;
}

/** Whether at least PREVIEW_WHITE_SHARE of the raster's outermost line on `side` is near-white (every channel >= PREVIEW_WHITE_MIN). */
function mostlyWhiteEdge(raster: Raster, side: Side): boolean {
  const { length, at } = sideLines(raster, side);
  const { data } = raster;
  let count = 0;
  for (let k = 0; k < length; k++) {
    const p = at(0, k);
    if (
      data[p]! >= PREVIEW_WHITE_MIN &&
      data[p + 1]! >= PREVIEW_WHITE_MIN &&
      data[p + 2]! >= PREVIEW_WHITE_MIN
    ) {
      count++;
    }
  }
  return count >= PREVIEW_WHITE_SHARE * length;
}

/** No side of the edit can hold a near-white band: none of its outermost preview lines is mostly near-white. */
export function noWhiteBandPossible(edited: Raster): boolean {
  return SIDES.every((side) => !mostlyWhiteEdge(edited, side));
}

/**
 * Whether previews of a source and its edit (one size) settle both hard rules without the analysis
 * rasters: some cell or the whole frame clearly changed, so the edit is no near-copy, and no side can
 * hold a near-white band. Most real edits are settled here; the rest take the full path.
 */
export function previewSettles(source: Raster, edited: Raster, nearIdenticalMaxShift: number): boolean {
  if (source.width !== edited.width || source.height !== edited.height) return false;
  const coarse = coarseChange(source, edited, CHANGE_GRID, CHANGE_CELL_THRESHOLD, PREVIEW_CHANGE_MARGIN);
  const changed = coarse.clearlyChanged || coarse.globalShift > nearIdenticalMaxShift * PREVIEW_SHIFT_MARGIN;
  return changed && noWhiteBandPossible(edited);
}
