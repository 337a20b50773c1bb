import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Principle } from '../../core/index.js';
import { squareScene, withWhiteBorder } from '../../testing/index.js';

/** Test-only: the shared textured 320x240 scene with a 48 px square of the given colour (3% of the frame). */
export { squareScene };

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
