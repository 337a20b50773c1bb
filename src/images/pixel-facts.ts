import { UsageError } from '../core/index.js';
import { detectBorder } from './border.js';
import { diffRasters, type Difference } from './change-map.js';
import { coarseChange } from './coarse-change.js';
import { lumaPlane } from './luma.js';
import { previewSettles, previewSide } from './preview-check.js';
import { decodeRaster } from './raster.js';
import { resizeRaster } from './resize-raster.js';
import { meanSsim } from './ssim.js';
import { toneStats } from './tone-stats.js';
import type { HardRuleFacts, LoadedImage, PixelFacts, Raster, ToneStats } from './types.js';

export interface CompareOptions {
  /** Longest side of the reduced decode both images are compared at (default 256). */
  analysisSide?: number;
}

/**
 * Near-identical also needs SSIM of at least 0.9: copies keep their structure (measured on the real
 * photos at 256 px: >= 0.975 for re-encodes and upscales, 0.938 for a half-size JPEG), and this
 * guards against an edit that rearranges fine detail without moving any smoothed cell mean.
 */
export const NEAR_IDENTICAL_MIN_SSIM = 0.9;
/**
 * And at most this share of pixel channels strongly changed (change-map.ts STRONG_PIXEL_THRESHOLD).
 * Measured at 256 px on 60 of the real photos, each re-encoded (JPEG 75), doubled and halved: every
 * copy had none; a dotted pattern painted on an object covering 2% of an EditWorld frame has ~0.08%.
 */
export const NEAR_IDENTICAL_MAX_STRONG = 0.0002;
/**
 * And no channel shifted on average by more than this (0-1; 2.5 levels): a faint tint or brightening
 * over the whole frame stays under every cell's threshold yet is an edit. The same 180 copies of the
 * real photos shift by at most 0.0013 (median 0.0005).
 */
export const NEAR_IDENTICAL_MAX_SHIFT = 0.01;

// what comparePixels derives from one raster, kept as long as the (cached) raster lives,
// so a source compared with 8 edits has its luma plane and tone stats computed once.
const derived = new WeakMap<Raster, { luma?: Float32Array; tone?: ToneStats }>();
function lumaOf(raster: Raster): Float32Array {
  const entry = derived.get(raster) ?? {};
  derived.set(raster, entry);
  return (entry.luma ??= lumaPlane(raster));
}
function toneOf(raster: Raster): ToneStats {
  const entry = derived.get(raster) ?? {};
  derived.set(raster, entry);
  return (entry.tone ??= toneStats(raster));
}

// The edit's luma plane serves one comparison, so rather than being cached it is written into this
// buffer, reused by every call: the arithmetic that fills and reads it runs without an await between.
let editedLuma = new Float32Array(0);

/** The edit's tone stats and the luma plane of `after` (the edit at the compared size), in one pass when they are the same raster. */
function editedToneAndLuma(edited: Raster, after: Raster): { tone: ToneStats; luma: Float32Array } {
  if (edited !== after) return { tone: toneStats(edited), luma: lumaPlane(after) };
  const n = after.width * after.height;
  if (editedLuma.length < n) editedLuma = new Float32Array(n);
  const luma = editedLuma.subarray(0, n);
  return { tone: toneStats(edited, luma), luma };
}

interface AnalysisPair {
  sourceRaster: Raster;
  editedRaster: Raster;
  /** The two at one size: the smaller of the two decodes on each axis. */
  before: Raster;
  after: Raster;
}

function analysisSideOf(options: CompareOptions): number {
  const analysisSide = options.analysisSide ?? 256;
  if (!Number.isInteger(analysisSide) || analysisSide < 8) {
    throw new UsageError(`analysisSide must be an integer of at least 8, got ${analysisSide}`);
  }
  return analysisSide;
}

/**
 * One reduced decode of each image (cached, so a source shared by many edits is decoded once), and
 * the two at a common size when they differ, so an upscaled but otherwise untouched copy still reads
 * as near-identical.
 */
async function analysisPair(
  source: LoadedImage,
  edited: LoadedImage,
  options: CompareOptions,
): Promise<AnalysisPair> {
  const analysisSide = analysisSideOf(options);
  const [sourceRaster, editedRaster] = await Promise.all([
    decodeRaster(source, analysisSide),
    decodeRaster(edited, analysisSide),
  ]);
  // Compared at the smaller of the two sizes on each axis, so that neither is enlarged: upsampling
  // blurs and shifts edges by a fraction of a pixel, which reads as change everywhere.
  const width = Math.min(sourceRaster.width, editedRaster.width);
  const height = Math.min(sourceRaster.height, editedRaster.height);
  const [before, after] = await Promise.all([
    resizeRaster(sourceRaster, width, height),
    resizeRaster(editedRaster, width, height),
  ]);
  return { sourceRaster, editedRaster, before, after };
}

/**
 * Near-identical means no grid cell changed (see CHANGE_CELL_THRESHOLD), SSIM stays high, almost no
 * pixel changed strongly and the frame did not shift as a whole: a genuine edit of even a small object
 * (3% of the frame) lifts the cells it covers past the threshold.
 */
function isNearIdentical(difference: Difference, ssim: number): boolean {
  return (
    difference.changeMap.bbox === null &&
    ssim >= NEAR_IDENTICAL_MIN_SSIM &&
    difference.strongShare <= NEAR_IDENTICAL_MAX_STRONG &&
    difference.globalShift <= NEAR_IDENTICAL_MAX_SHIFT
  );
}

/** Compares an edit with its source: everything the embedded judge's checks and the hard rules read. */
export async function comparePixels(
  source: LoadedImage,
  edited: LoadedImage,
  options: CompareOptions = {},
): Promise<PixelFacts> {
  const { sourceRaster, editedRaster, before, after } = await analysisPair(source, edited, options);
  const { width, height } = before;
  const difference = diffRasters(before, after);
  const edit = editedToneAndLuma(editedRaster, after);
  const ssim = meanSsim(lumaOf(before), edit.luma, width, height);
  return {
    analysisWidth: width,
    analysisHeight: height,
    meanAbsDiff: difference.meanAbsDiff,
    ssim,
    changedShare: difference.changedShare,
    nearIdentical: isNearIdentical(difference, ssim),
    changeMap: difference.changeMap,
    sourceTone: toneOf(sourceRaster),
    editedTone: edit.tone,
    border: detectBorder(editedRaster, sourceRaster),
    sourceAspect: source.width / source.height,
    editedAspect: edited.width / edited.height,
  };
}

/**
 * The facts the hard rules read, with the same answers as comparePixels for less work. Most edits are
 * settled from previews (a cheaper JPEG decode at 1/4 or 1/8 scale, see preview-check.ts): a clear
 * change and no side that could hold a near-white band. Then a coarse pass at the analysis size
 * settles most of the rest as real changes (a cell whose mean clearly moved, or a frame-wide shift),
 * and only edits that change little pay for the change map and SSIM. A VLM judge needs nothing else
 * from the pixels, and this work is what a reward service does for every edit it scores.
 */
export async function compareForHardRules(
  source: LoadedImage,
  edited: LoadedImage,
  options: CompareOptions = {},
): Promise<HardRuleFacts> {
  const side = previewSide(source, edited, analysisSideOf(options));
  if (side !== null) {
    const [before, after] = await Promise.all([decodeRaster(source, side), decodeRaster(edited, side)]);
    if (previewSettles(before, after, NEAR_IDENTICAL_MAX_SHIFT))
      return { border: null, nearIdentical: false };
  }
  const { sourceRaster, editedRaster, before, after } = await analysisPair(source, edited, options);
  const border = detectBorder(editedRaster, sourceRaster);
  const coarse = coarseChange(before, after);
  if (coarse.clearlyChanged || coarse.globalShift > NEAR_IDENTICAL_MAX_SHIFT) {
    return { border, nearIdentical: false };
  }
  const difference = diffRasters(before, after);
  if (
    difference.changeMap.bbox !== null ||
    difference.strongShare > NEAR_IDENTICAL_MAX_STRONG ||
    difference.globalShift > NEAR_IDENTICAL_MAX_SHIFT
  ) {
    return { border, nearIdentical: false };
  }
  const ssim = meanSsim(lumaOf(before), lumaPlane(after), before.width, before.height);
  if (!isNearIdentical(difference, ssim)) return { border, nearIdentical: false };
  return {
    border,
    nearIdentical: true,
    meanAbsDiff: difference.meanAbsDiff,
    changedShare: difference.changedShare,
  };
}
