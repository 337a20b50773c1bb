import type { ImageInput } from '../core/index.js';
import type { ImageLimits, LoadedImage } from './types.js';

// CONTRACT STUB: replaced by the real loader.
export async function loadImage(_input: ImageInput | LoadedImage, _limits?: Partial<ImageLimits>): Promise<LoadedImage> {
  throw new Error('not implemented');
}
