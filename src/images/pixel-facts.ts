import type { LoadedImage, PixelFacts } from './types.js';

export interface CompareOptions {
  /** Longest side of the reduced decode both images are compared at (default 256). */
  analysisSide?: number;
}

// CONTRACT STUB: replaced by the real comparison.
export async function comparePixels(_source: LoadedImage, _edited: LoadedImage, _options?: CompareOptions): Promise<PixelFacts> {
  throw new Error('not implemented');
}
