import { join } from 'node:path';
import { sha256Hex, writeIfChanged } from '../inputs/index.js';

/** The image formats a VLM server reliably reads, by their leading bytes. */
const SIGNATURES: { ext: string; test: (b: Buffer) => boolean }[] = [
  {
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    ext: 'webp',
    test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
];

/** 'png', 'jpg' or 'webp' from the bytes themselves, or undefined when they are none of those. */
export function imageExtension(bytes: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.ext;
}

/**
 * Saves an image the pipeline made as `<workDir>/candidates/<sha256>.<ext>`: named by content, so the
 * same image is one file however often it is made, and a rerun writes nothing new.
 */
export async function saveCandidateImage(
  workDir: string,
  bytes: Buffer,
  ext: string,
): Promise<{ edited: string; sha256: string }> {
  const sha256 = sha256Hex(bytes);
  const edited = join(workDir, 'candidates', `${sha256}.${ext}`);
  await writeIfChanged(edited, bytes);
  return { edited, sha256 };
}
