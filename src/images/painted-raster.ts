import type { Raster } from './types.js';

/** For tests: a raster with each pixel's RGB from `fill(x, y)`. */
export function paintedRaster(
  width: number,
  height: number,
  fill: (x: number, y: number) => number[],
): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(fill(x, y), (y * width + x) * 3);
  return { width, height, data };
}
