import sharp from 'sharp';
import { createRng } from '../core/index.js';

export const SQUARE_SCENE_WIDTH = 320;
export const SQUARE_SCENE_HEIGHT = 240;

/**
 * A 4:3 test scene as PNG: a gradient sky, a green disc, a red block and a coloured 48 px square (3% of
 * the frame) whose colour a test may change. Seeded noise (+-20/255) gives it photo-like texture, so no
 * edge of it reads as a flat band (or a border).
 */
export async function squareScene(square = '#e0c030'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SQUARE_SCENE_WIDTH}" height="${SQUARE_SCENE_HEIGHT}">
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
