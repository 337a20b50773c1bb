import sharp from 'sharp';
import { createRng } from '../../core/index.js';
import { comparePixels, loadImage, type PixelFacts } from '../../images/index.js';

/** Test-only: hand-made images for the embedded judge's tests, drawn with sharp. */

export const WIDTH = 320;
export const HEIGHT = 240;

/**
 * A 4:3 scene: a gradient sky, a green disc, a red block and a coloured 48 px square (3% of the frame)
 * whose colour a test may change. Seeded noise (+-20/255) gives it photo-like texture, so no edge of it
 * reads as a flat band.
 */
export async function scene(square = '#e0c030'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4a7fb0"/><stop offset="1" stop-color="#c9a46b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="80" cy="170" r="45" fill="#2f6b3a"/>
    <rect x="190" y="40" width="90" height="70" fill="#8b3a3a"/>
    <rect x="40" y="30" width="48" height="48" fill="${square}"/></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rng = createRng(7);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + rng.int(-20, 20)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Dark text on a light panel, as a sign or caption would be: `text` '' gives the panel alone. */
export async function signWith(text: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300">
    <rect width="100%" height="100%" fill="#6d8f5a"/>
    <rect x="40" y="60" width="820" height="180" fill="#f2efe6"/>
    <text x="80" y="185" font-family="DejaVu Sans" font-size="80" fill="#1a1a1a">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export { withWhiteBorder } from '../../testing/index.js';

export async function factsFor(source: Buffer, edited: Buffer): Promise<PixelFacts> {
  return comparePixels(await loadImage(source), await loadImage(edited));
}
