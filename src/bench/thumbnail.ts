import sharp from 'sharp';
import { loadImage } from '../images/index.js';

/**
 * An image as a small JPEG data URL (longest side at most `maxSide`, never enlarged, upright, alpha on
 * white), so a report embeds its pictures and stays one self-contained file of modest size. Null when
 * the image cannot be read: the report says so instead of failing.
 */
export async function thumbnailDataUrl(ref: string, maxSide = 256): Promise<string | null> {
  try {
    const image = await loadImage(ref);
    const jpeg = await sharp(image.bytes)
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return null;
  }
}
