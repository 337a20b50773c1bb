import sharp from 'sharp';
import { BASE_SCENE, sceneSvg, type SceneOptions } from './example-scene.js';

/** One example the demo scores: an instruction, the source and an edit made to show one behaviour of the judge. */
export interface ExampleEdit {
  name: string;
  instruction: string;
  /** What the edit does, so the printed score can be read against it. */
  description: string;
  source: Buffer;
  edited: Buffer;
}

const render = (scene: SceneOptions) =>
  sharp(Buffer.from(sceneSvg(scene)))
    .flatten()
    .jpeg({ quality: 92 })
    .toBuffer();

const BLUE_BALL: SceneOptions = { ...BASE_SCENE, ballColour: '#1f5fd6' };
/** About 6% of each side, as editors that pad to an aspect ratio leave it. */
const BORDER = 36;

/** Makes every example from the one scene; deterministic (no randomness, same bytes each run). */
export async function makeExampleEdits(): Promise<ExampleEdit[]> {
  const source = await render(BASE_SCENE);
  const blueBall = await render(BLUE_BALL);
  const recolour = 'Make the red ball blue';
  return [
    {
      name: 'recolour',
      instruction: recolour,
      description: 'the ball turned blue, nothing else changed',
      source,
      edited: blueBall,
    },
    {
      name: 'no-op',
      instruction: recolour,
      description: 'the editor returned the source unchanged',
      source,
      edited: source,
    },
    {
      name: 'white-border',
      instruction: recolour,
      description: 'the right edit, padded with a white border',
      source,
      edited: await sharp(blueBall)
        .resize(640 - 2 * BORDER, 480 - 2 * BORDER)
        .extend({ top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, background: '#ffffff' })
        .jpeg({ quality: 92 })
        .toBuffer(),
    },
    {
      name: 'over-edit',
      instruction: recolour,
      description: 'the ball turned blue, and so did the whole room (hue rotated)',
      source,
      edited: await sharp(source).modulate({ hue: 200 }).jpeg({ quality: 92 }).toBuffer(),
    },
    {
      name: 'brighten',
      instruction: 'Make the photo brighter',
      description: 'global brightness raised by 30%',
      source,
      edited: await sharp(source).modulate({ brightness: 1.3 }).jpeg({ quality: 92 }).toBuffer(),
    },
    {
      name: 'sign-text',
      instruction: 'Change the sign to say "SALE"',
      description: 'the sign now reads SALE',
      source,
      edited: await render({ ...BASE_SCENE, signText: 'SALE' }),
    },
    {
      name: 'black-and-white',
      instruction: 'Turn the photo black and white',
      description: 'converted to greyscale',
      source,
      edited: await sharp(source).grayscale().jpeg({ quality: 92 }).toBuffer(),
    },
  ];
}
