import type { Raster } from './types.js';

/** Luma (0-255) of one RGB pixel, Rec. 601 weights: the ones SSIM is usually reported on. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Luma of every pixel of an RGB raster, row-major. */
export function lumaPlane(raster: Raster): Float32Array {
  const { data } = raster;
  const plane = new Float32Array(raster.width * raster.height);
  for (let i = 0, p = 0; i < plane.length; i++, p += 3) plane[i] = luma(data[p]!, data[p + 1]!, data[p + 2]!);
  return plane;
}
