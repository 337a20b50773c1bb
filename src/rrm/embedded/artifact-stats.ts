import { luma as lumaOf } from '../../images/index.js';
import type { Raster } from '../../images/index.js';

/**
 * Per-image measures of the three artefacts editors leave, each independent of what the picture
 * shows, so an edited image can be compared with its source even where the edit changed content.
 */
export interface ArtifactStats {
  /**
   * Median, over strong edges, of the steepest luma step across the edge divided by the edge's
   * contrast (the luma range of its 5x5 neighbourhood): about 0.5 for a crisp anti-aliased edge,
   * falling as 1 / (blur sigma). null when the image has too few edges to say.
   */
  sharpness: number | null;
  /** Noise std in 8-bit levels, from the median absolute response of a flat-area Laplacian (Immerkaer). */
  noise: number;
  /** Mean luma step (levels) across the 8 px JPEG block grid in flat areas, less the same off the grid. */
  blockiness: number;
}

/** Least contrast (levels) and count of edges for a sharpness reading. */
const MIN_EDGE_CONTRAST = 40;
const MIN_EDGES = 20;
const JPEG_BLOCK = 8;
/** Largest step (levels) still counted as flat beside a block edge. */
const FLAT_STEP = 1.5;

/**
 * Statistics by raster: decoded rasters are shared from images/' cache, so a source judged against many
 * edits is measured once. Weak, so a raster the cache drops takes its statistics with it.
 */
const measured = new WeakMap<Raster, ArtifactStats>();

export function artifactStats(raster: Raster): ArtifactStats {
  let stats = measured.get(raster);
  if (!stats) {
    stats = measure(raster);
    measured.set(raster, stats);
  }
  return stats;
}

// Scratch planes kept between calls (measure is synchronous): a fresh pair per image was ~0.5 MB of
// garbage at 256 px, and collecting it cost more than the measuring.
let lumaScratch = new Float32Array(0);
let greenScratch = new Int32Array(0);

function measure(raster: Raster): ArtifactStats {
  const { width, height, data } = raster;
  if (lumaScratch.length < width * height) {
    lumaScratch = new Float32Array(width * height);
    greenScratch = new Int32Array(width * height);
  }
  const luma = lumaScratch.subarray(0, width * height);
  const green = greenScratch.subarray(0, width * height);
  for (let i = 0, p = 0; i < luma.length; i++, p += 3) {
    luma[i] = lumaOf(data[p]!, data[p + 1]!, data[p + 2]!);
    green[i] = data[p + 1]!;
  }
  const noise = noiseLevel(green, width, height);
  return {
    sharpness: edgeSharpness(luma, width, height, noise),
    noise,
    blockiness: blockiness(luma, width, height),
  };
}

/** Ratio histogram bins: the median is read to 1/RATIO_BINS, finer than any threshold on it. */
const RATIO_BINS = 400;

function edgeSharpness(luma: Float32Array, w: number, h: number, noise: number): number | null {
  const histogram = new Uint32Array(RATIO_BINS + 1);
  let edges = 0;
  // A crest must stand out of the noise too (a central difference carries noise / sqrt(2)).
  const minStep = Math.max(MIN_EDGE_CONTRAST / 8, 3 * noise);
  const at = (x: number, y: number): number => luma[y * w + x]!;
  for (let y = 2; y < h - 2; y++) {
    for (let x = 2; x < w - 2; x++) {
      const gx = (at(x + 1, y) - at(x - 1, y)) / 2;
      const gy = (at(x, y + 1) - at(x, y - 1)) / 2;
      const ax = Math.abs(gx);
      const ay = Math.abs(gy);
      const g = Math.max(ax, ay);
      if (g < minStep) continue;
      // Only the crest of an edge: steeper than both neighbours across it.
      const [dx, dy] = ax >= ay ? [1, 0] : [0, 1];
      const before = Math.abs(at(x, y) - at(x - 2 * dx, y - 2 * dy)) / 2;
      const after = Math.abs(at(x + 2 * dx, y + 2 * dy) - at(x, y)) / 2;
      if (g < before || g < after) continue;
      let low = Infinity;
      let high = -Infinity;
      for (let v = y - 2; v <= y + 2; v++) {
        for (let u = x - 2; u <= x + 2; u++) {
          const l = at(u, v);
          if (l < low) low = l;
          if (l > high) high = l;
        }
      }
      if (high - low >= MIN_EDGE_CONTRAST) {
        histogram[Math.min(RATIO_BINS, Math.round((RATIO_BINS * g) / (high - low)))]!++;
        edges++;
      }
    }
  }
  if (edges < MIN_EDGES) return null;
  let seen = 0;
  let bin = 0;
  while ((seen += histogram[bin]!) * 2 < edges) bin++;
  return bin / RATIO_BINS;
}

/**
 * The 3x3 kernel [1 -2 1; -2 4 -2; 1 -2 1] cancels flat areas and gradients and passes noise with a
 * gain of 6; the median of its absolute response ignores the few pixels on edges. Green only: it is
 * a whole number there, and noise is added to each channel alike.
 */
function noiseLevel(g: Int32Array, w: number, h: number): number {
  const counts = new Uint32Array(4096);
  let total = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const r =
        g[i - w - 1]! -
        2 * g[i - w]! +
        g[i - w + 1]! -
        2 * g[i - 1]! +
        4 * g[i]! -
        2 * g[i + 1]! +
        g[i + w - 1]! -
        2 * g[i + w]! +
        g[i + w + 1]!;
      counts[Math.min(4095, Math.abs(r))]!++;
      total++;
    }
  }
  let seen = 0;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v]!;
    // 1.4826 x median |r| estimates the std of r for Gaussian noise; r's gain over the noise is 6.
    if (seen * 2 >= total) return (1.4826 * v) / 6;
  }
  return 0;
}

/**
 * Steps between neighbouring pixels whose own neighbours are flat (steps under FLAT_STEP), so edges,
 * texture and noise drop out and what is left is where JPEG's blocks meet: the mean such step on the
 * 8 px grid minus the mean off it, in levels. About 0 without blocks; a visible block edge in a flat
 * area is a step of a level or more.
 */
function blockiness(luma: Float32Array, w: number, h: number): number {
  const sums = [0, 0];
  const counts = [0, 0];
  const visit = (before: number, step: number, after: number, onGrid: boolean): void => {
    if (Math.abs(before) > FLAT_STEP || Math.abs(after) > FLAT_STEP) return;
    const k = onGrid ? 1 : 0;
    sums[k]! += Math.abs(step);
    counts[k]!++;
  };
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 1; x < w - 2; x++) {
      const i = row + x;
      visit(
        luma[i]! - luma[i - 1]!,
        luma[i + 1]! - luma[i]!,
        luma[i + 2]! - luma[i + 1]!,
        x % JPEG_BLOCK === JPEG_BLOCK - 1,
      );
    }
  }
  for (let y = 1; y < h - 2; y++) {
    const onGrid = y % JPEG_BLOCK === JPEG_BLOCK - 1;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      visit(luma[i]! - luma[i - w]!, luma[i + w]! - luma[i]!, luma[i + 2 * w]! - luma[i + w]!, onGrid);
    }
  }
  const mean = (k: number): number => sums[k]! / Math.max(1, counts[k]!);
  return mean(1) - mean(0);
}
