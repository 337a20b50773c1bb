import { InvalidImageError } from '../../core/index.js';

/** Leading bytes of each image format the training tools' loaders (PIL) read, and the extension stored. */
const SIGNATURES: ReadonlyArray<{ extension: string; test: (bytes: Buffer) => boolean }> = [
  {
    extension: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { extension: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    extension: 'webp',
    test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  { extension: 'gif', test: (b) => b.toString('latin1', 0, 4) === 'GIF8' },
  { extension: 'bmp', test: (b) => b.toString('latin1', 0, 2) === 'BM' },
  { extension: 'tif', test: (b) => ['II*\0', 'MM\0*'].includes(b.toString('latin1', 0, 4)) },
];

/**
 * The extension an image is stored under, read from its bytes rather than its name: the same bytes
 * always get the same name (a `.jpeg` and a `.jpg` copy are stored once), and a file that is not an
 * image stops the export here instead of failing inside a training run.
 */
export function imageExtension(bytes: Buffer, origin: string): string {
  const found = SIGNATURES.find((s) => s.test(bytes));
  if (found === undefined) {
    throw new InvalidImageError(
      `${origin} is not a PNG, JPEG, WebP, GIF, BMP or TIFF image: re-encode it as PNG or JPEG, or fix the path`,
      origin,
    );
  }
  return found.extension;
}
