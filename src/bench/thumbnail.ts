import sharp from 'sharp';
import { decodeRaster, loadImage } from '../images/index.js';

/**
 * An image as a small JPEG data URL (longest side at most `maxSide`, never enlarged), so a report
 * embeds its pictures and stays one self-contained file of modest size. Decoded the way every judge
 * decodes (images/ decodeRaster: limits, upright, sRGB, alpha on white, cached). Null when the image
 * cannot be read: the report says so instead of failing.
 */
export async function thumbnailDataUrl(ref: string, maxSide = 256): Promise<string | null> {
  try {
    const { width, height, data } = await decodeRaster(await loadImage(ref), maxSide);
    const jpeg = await sharp(data, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return null;
  }
}
