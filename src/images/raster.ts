import type { LoadedImage, Raster } from './types.js';

// CONTRACT STUB: replaced by the real decoder. Decodes upright 8-bit sRGB RGB, longest side at most maxSide.
export async function decodeRaster(_image: LoadedImage, _maxSide: number): Promise<Raster> {
  throw new Error('not implemented');
}
