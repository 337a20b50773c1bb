import sharp from 'sharp';
import { comparePixels, loadImage, type PixelFacts } from '../../images/index.js';

/** Test-only: hand-made images for the embedded judge's tests, drawn with sharp. */

export {
  squareScene as scene,
  SQUARE_SCENE_WIDTH as WIDTH,
  SQUARE_SCENE_HEIGHT as HEIGHT,
} from '../../testing/index.js';

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
