import { luma as lumaOf } from '../../../images/index.js';
import type { Raster } from '../../../images/index.js';

/**
 * How dark each pixel of a window is between the window's paper (0) and ink (1) levels, with a
 * summed-area table so the mean over any rectangle, fractional edges included, costs four look-ups.
 * Levels are percentiles of the window's own luma, which is what makes the reading adaptive: a tone
 * shift, a colour cast or JPEG's contrast loss moves both levels and the ink scale follows.
 */
export interface InkMap {
  /** Window origin in the raster, pixels. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Paper and ink luma (0-255) the scale runs between. */
  readonly paper: number;
  readonly ink: number;
  /** Total ink over [left, x) x [top, y), raster pixel coordinates (fractional), clipped to the window. */
  integral(x: number, y: number): number;
  /** Mean ink over [x0, x1) x [y0, y1) in raster pixel coordinates, clipped to the window. */
  mean(x0: number, y0: number, x1: number, y1: number): number;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Percentiles of the levels: the plate is most of a sign, ink and border at least a tenth. */
const PAPER_PERCENTILE = 0.9;
const INK_PERCENTILE = 0.04;

export function buildInkMap(raster: Raster, window: Rect, levelsFrom: Rect): InkMap {
  const left = Math.max(0, Math.floor(window.x0));
  const top = Math.max(0, Math.floor(window.y0));
  const right = Math.min(raster.width, Math.ceil(window.x1));
  const bottom = Math.min(raster.height, Math.ceil(window.y1));
  const width = Math.max(0, right - left);
  const height = Math.max(0, bottom - top);
  const luma = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    let p = ((top + y) * raster.width + left) * 3;
    for (let x = 0; x < width; x++, p += 3) {
      luma[y * width + x] = lumaOf(raster.data[p]!, raster.data[p + 1]!, raster.data[p + 2]!);
    }
  }
  const { paper, ink } = levels(luma, width, left, top, levelsFrom);
  const span = Math.max(1, paper - ink);
  // Summed-area table with a zero first row and column: sat[(y)(w+1) + x] = sum over [0,x) x [0,y).
  const stride = width + 1;
  const sat = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const v = Math.min(1, Math.max(0, (paper - luma[y * width + x]!) / span));
      row += v;
      sat[(y + 1) * stride + x + 1] = sat[y * stride + x + 1]! + row;
    }
  }
  // The integral of a pixel-constant image is bilinear inside each pixel, so interpolating the table
  // gives exact area sums for fractional rectangles (an area average, not point sampling).
  const integral = (x: number, y: number): number => {
    if (width === 0 || height === 0) return 0;
    const fx = Math.min(width, Math.max(0, x - left));
    const fy = Math.min(height, Math.max(0, y - top));
    const ix = Math.min(width - 1, Math.floor(fx));
    const iy = Math.min(height - 1, Math.floor(fy));
    const tx = fx - ix;
    const ty = fy - iy;
    const a = sat[iy * stride + ix]!;
    const b = sat[iy * stride + ix + 1]!;
    const c = sat[(iy + 1) * stride + ix]!;
    const d = sat[(iy + 1) * stride + ix + 1]!;
    return a + (b - a) * tx + (c - a) * ty + (d - b - c + a) * tx * ty;
  };
  const mean = (x0: number, y0: number, x1: number, y1: number): number => {
    const area = (x1 - x0) * (y1 - y0);
    if (width === 0 || height === 0 || area <= 0) return 0;
    return (integral(x1, y1) - integral(x0, y1) - integral(x1, y0) + integral(x0, y0)) / area;
  };
  return { left, top, width, height, paper, ink, integral, mean };
}

function levels(
  luma: Float64Array,
  width: number,
  left: number,
  top: number,
  from: Rect,
): { paper: number; ink: number } {
  const histogram = new Uint32Array(256);
  let count = 0;
  const height = width === 0 ? 0 : luma.length / width;
  for (let y = Math.max(0, Math.round(from.y0) - top); y < Math.min(height, Math.round(from.y1) - top); y++) {
    for (
      let x = Math.max(0, Math.round(from.x0) - left);
      x < Math.min(width, Math.round(from.x1) - left);
      x++
    ) {
      histogram[Math.round(luma[y * width + x]!)]!++;
      count++;
    }
  }
  const percentile = (share: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen > share * count) return v;
    }
    return 255;
  };
  return count === 0
    ? { paper: 255, ink: 0 }
    : { paper: percentile(PAPER_PERCENTILE), ink: percentile(INK_PERCENTILE) };
}
