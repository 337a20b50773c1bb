import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng, type Principle } from '../../core/index.js';
import { withWhiteBorder } from '../../testing/index.js';

/** Test-only: a textured 320x240 scene with a 48 px square of the given colour (3% of the frame). */
export async function squareScene(square: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4a7fb0"/><stop offset="1" stop-color="#c9a46b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="80" cy="170" r="45" fill="#2f6b3a"/>
    <rect x="40" y="30" width="48" height="48" fill="${square}"/></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Seeded noise gives photo-like texture, so no edge reads as a flat band (or a border).
  const rng = createRng(7);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + rng.int(-20, 20)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png()
    .toBuffer();
}

/**
 * Verifiable by the embedded judge on the yellow -> blue square edit: changed 1, brighter 0 (blue is
 * darker than yellow), change local 1, no border 1.
 */
export const CHECKED_PRINCIPLES: Principle[] = [
  { question: 'Did the image change?', category: 'instruction-following', check: { kind: 'changed' } },
  {
    question: 'Is it brighter?',
    category: 'instruction-following',
    check: { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 },
  },
  {
    question: 'Is the change local?',
    category: 'feature-preservation',
    check: { kind: 'change-localized', maxChangedShare: 0.2 },
  },
  { question: 'No border?', category: 'image-quality', check: { kind: 'no-border' } },
];

/** source.png, edited.png (square recoloured), bordered.png (the edit padded with white) in `dir`. */
export async function writeSquareEdit(
  dir: string,
): Promise<Record<'source' | 'edited' | 'bordered', string>> {
  const source = await squareScene('#e0c030');
  const edited = await squareScene('#3040e0');
  const paths = {
    source: join(dir, 'source.png'),
    edited: join(dir, 'edited.png'),
    bordered: join(dir, 'bordered.png'),
  };
  await writeFile(paths.source, source);
  await writeFile(paths.edited, edited);
  await writeFile(paths.bordered, await withWhiteBorder(edited));
  return paths;
}
