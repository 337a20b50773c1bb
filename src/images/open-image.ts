import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { LoadedImage } from './types.js';

/**
 * Abort on decode errors (truncation included) but not on warnings. libjpeg reports harmless oddities
 * that real camera files carry ("extraneous bytes before marker") and damaged scan data alike as
 * warnings: refusing them would fail good photos, while damaged data decodes to visibly broken
 * pixels, which are then judged as the broken image they are.
 */
export const DECODE_FAIL_ON = 'error';

/**
 * A sharp pipeline over a loaded image's bytes, upright (EXIF orientation applied). The pixel limit is
 * the size the image was admitted at, so an image forged past loadImage still cannot decode as a bomb.
 */
export function openImage(image: LoadedImage): Sharp {
  const pixels = image.width * image.height;
  return sharp(image.bytes, {
    autoOrient: true,
    failOn: DECODE_FAIL_ON,
    limitInputPixels: pixels > 0 ? pixels : true,
  });
}
