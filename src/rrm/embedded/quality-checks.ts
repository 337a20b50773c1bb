import type { Raster } from '../../images/index.js';
import { artifactStats, type ArtifactStats } from './artifact-stats.js';
import { decide, fmt, needsVlm, type CheckEvaluator } from './check-result.js';
import { fitColorShift, type ColorPair } from './color-shift.js';
import type { ParsedObject, ParsedScene } from './scene/types.js';

/**
 * Thresholds, from EditWorld renders at 256 px (edits of every category against their sources):
 * a clean edit keeps the edge sharpness ratio at 0.98-1.04, JPEG 90-95 at >= 0.86, while blur of
 * sigma 0.006-0.012 of the side gives <= 0.67 and JPEG 8-15 <= 0.83. Added noise is 0 for clean
 * edits and JPEG, >= 7.9 levels (0.031) for noise of 0.04. Block steps rise by <= 0.92 levels with
 * JPEG 90 and up to 1.1 with JPEG 8: they only decide a gross case.
 */
export const MIN_SHARPNESS_RATIO = 0.85;
export const MAX_ADDED_NOISE = 0.016;
export const MAX_BLOCK_RISE = 1.0 / 255;
/**
 * A one-channel cast of 0.08 leaves a chromatic shift of 0.065; a warmth change of 0.1 (one the
 * world counts as no cast) leaves 0.025; brightness and chroma changes leave ~0.
 */
export const MAX_CHROMATIC_SHIFT = 0.035;

/** Fails when the edited image is blurrier, noisier or blockier than the source by the thresholds above. */
export const evaluateNoArtifacts: CheckEvaluator<'no-artifacts'> = async (_check, { readRaster }) => {
  const [source, edited] = await Promise.all([readRaster('source'), readRaster('edited')]);
  const width = Math.min(source.width, edited.width);
  const height = Math.min(source.height, edited.height);
  const before = artifactStats(shrinkTo(source, width, height));
  const after = artifactStats(shrinkTo(edited, width, height));
  const findings = [
    sharpnessFinding(before, after),
    noiseFinding(before, after),
    blockFinding(before, after),
  ];
  const failed = findings.filter((f) => !f.passed);
  const summary = findings.map((f) => f.text).join('; ');
  if (failed.length === 0) return decide(true, summary);
  const artifactSeverity = Math.max(...failed.map((f) => f.severity));
  return { ...decide(false, `artefacts found: ${summary}`), artifactSeverity };
};

/**
 * How damaging a found artefact is, 0-1, on the scale a person grades by: blur of 0.6% of the side
 * about 0.4 and of 1.2% about 0.8 (edge sharpness ~0.67 and ~0.53 of the source's); added noise of
 * 0.04 and 0.08 of the range likewise; visible JPEG blocks 0.8. Never below FOUND_SEVERITY once found.
 */
const FOUND_SEVERITY = 0.4;
const clampSeverity = (x: number): number => Math.min(1, Math.max(FOUND_SEVERITY, x));

interface Finding {
  passed: boolean;
  text: string;
  /** 0-1 when failed (see clampSeverity). */
  severity: number;
}

function sharpnessFinding(before: ArtifactStats, after: ArtifactStats): Finding {
  if (before.sharpness === null || after.sharpness === null) {
    return { passed: true, text: 'too few strong edges to compare sharpness', severity: 0 };
  }
  const ratio = after.sharpness / before.sharpness;
  return {
    passed: ratio >= MIN_SHARPNESS_RATIO,
    text: `edge sharpness ${fmt(ratio)} of the source's (needed >= ${fmt(MIN_SHARPNESS_RATIO)})`,
    severity: clampSeverity(0.4 + (0.67 - ratio) * 2.8),
  };
}

/** Noise adds in variance, so what the edit added is sqrt(after^2 - before^2). */
function noiseFinding(before: ArtifactStats, after: ArtifactStats): Finding {
  const added = Math.sqrt(Math.max(0, after.noise ** 2 - before.noise ** 2)) / 255;
  return {
    passed: added <= MAX_ADDED_NOISE,
    text: `added noise ${fmt(added)} of the range (allowed <= ${fmt(MAX_ADDED_NOISE)})`,
    severity: clampSeverity(added / 0.078),
  };
}

function blockFinding(before: ArtifactStats, after: ArtifactStats): Finding {
  const rise = (after.blockiness - before.blockiness) / 255;
  return {
    passed: rise <= MAX_BLOCK_RISE,
    text: `8x8 block edges rose ${fmt(rise)} of the range (allowed <= ${fmt(MAX_BLOCK_RISE)})`,
    severity: 0.8,
  };
}

/** Area-average resampling to a size no larger than the raster's (each output pixel a box of input). */
export function shrinkTo(raster: Raster, width: number, height: number): Raster {
  if (raster.width === width && raster.height === height) return raster;
  const data = new Uint8Array(width * height * 3);
  const sx = raster.width / width;
  const sy = raster.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < width; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      const sum = [0, 0, 0];
      for (let v = Math.floor(y0); v < Math.ceil(y1); v++) {
        const wy = Math.min(v + 1, y1) - Math.max(v, y0);
        for (let u = Math.floor(x0); u < Math.ceil(x1); u++) {
          const w = wy * (Math.min(u + 1, x1) - Math.max(u, x0));
          const p = (v * raster.width + u) * 3;
          for (let c = 0; c < 3; c++) sum[c]! += w * raster.data[p + c]!;
        }
      }
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.round(sum[c]! / (sx * sy));
    }
  }
  return { width, height, data };
}

/** Weight of the ground's colour pair against one object's. */
const GROUND_WEIGHT = 2;
/** An object counts as untouched when it keeps its names and sits within these of where it was. */
const KEPT_SHIFT = 0.02;
const KEPT_SIZE = 0.15;
/** Radius of the disc sampled at an object's centre, a share of its circumradius: inside every shape. */
const SAMPLE_RADIUS = 0.25;

/**
 * Fits the colour shift between the two images over what the edit did not touch: the ground (when
 * its colour name is the same in both) and every object kept with its shape, colour, pattern, place
 * and size. A changed ground alone leaves nothing to compare with, so that asks a VLM.
 */
export const evaluateNoColorCast: CheckEvaluator<'no-color-cast'> = async (_check, context) => {
  const [source, edited] = await Promise.all([context.readScene('source'), context.readScene('edited')]);
  const [sourcePixels, editedPixels] = await Promise.all([
    context.readRaster('source'),
    context.readRaster('edited'),
  ]);
  const pairs: ColorPair[] = [];
  const sameGround = source.background.color === edited.background.color;
  if (sameGround)
    pairs.push({ source: source.background.rgb, edited: edited.background.rgb, weight: GROUND_WEIGHT });
  const kept = keptObjects(source, edited);
  for (const [a, b] of kept) {
    pairs.push({ source: discMean(sourcePixels, a), edited: discMean(editedPixels, b), weight: 1 });
  }
  const fit = fitColorShift(pairs);
  const compared = `${sameGround ? 'the background and ' : ''}${kept.length} kept object(s)`;
  if (fit === null) {
    return needsVlm(
      sameGround
        ? 'the background and kept objects are all at clipped levels'
        : `the background changed (${source.background.color} -> ${edited.background.color}) and no object was kept to compare colours on`,
    );
  }
  const verdict = decide(
    fit.chromatic <= MAX_CHROMATIC_SHIFT,
    `chromatic shift ${fmt(fit.chromatic)} of the range (allowed <= ${fmt(MAX_CHROMATIC_SHIFT)}) over ${compared}, after a brightness change of ${fmt(fit.uniform)} and a chroma factor of ${fmt(fit.factor)}`,
  );
  // A cast of 0.08 of the range on one channel reads about 0.4, one of 0.15 about 0.75.
  return verdict.score === 0 ? { ...verdict, artifactSeverity: clampSeverity(fit.chromatic / 0.2) } : verdict;
};

/** Source objects paired with an edited object of the same names, place and size (each used once). */
function keptObjects(source: ParsedScene, edited: ParsedScene): [ParsedObject, ParsedObject][] {
  const free = [...edited.objects];
  const pairs: [ParsedObject, ParsedObject][] = [];
  for (const a of source.objects) {
    const i = free.findIndex(
      (b) =>
        b.shape === a.shape &&
        b.color === a.color &&
        b.pattern === a.pattern &&
        Math.hypot(b.x - a.x, b.y - a.y) <= KEPT_SHIFT &&
        Math.abs(b.size / a.size - 1) <= KEPT_SIZE,
    );
    if (i >= 0) pairs.push([a, free.splice(i, 1)[0]!]);
  }
  return pairs;
}

function discMean(raster: Raster, object: ParsedObject): [number, number, number] {
  const cx = object.x * raster.width;
  const cy = object.y * raster.height;
  const r = Math.max(1, SAMPLE_RADIUS * object.size * Math.min(raster.width, raster.height));
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(raster.height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(raster.width - 1, Math.ceil(cx + r)); x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > r * r) continue;
      const p = (y * raster.width + x) * 3;
      for (let c = 0; c < 3; c++) sum[c]! += raster.data[p + c]!;
      n++;
    }
  }
  return n === 0 ? [0, 0, 0] : [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}
