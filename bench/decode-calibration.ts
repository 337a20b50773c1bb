import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * CPU milliseconds of one full decode of an edit (to raw pixels, all of sharp's threads), sequentially
 * over the given files: a yardstick measured in the same run as the passes. This machine's speed
 * drifts by a fifth or more over minutes (shared host), and everything a pass does drifts with it; a
 * CPU figure over this one is a ratio that holds across runs. The issue quotes ~19 ms for it here.
 */
export async function fullDecodeCpuMs(files: readonly string[], count: number): Promise<number> {
  const bytes = await Promise.all(files.slice(0, count).map((file) => readFile(file)));
  // One decode first, outside the timing: sharp's first call loads its codecs.
  await sharp(bytes[0]).raw().toBuffer();
  const before = process.cpuUsage();
  for (const image of bytes) await sharp(image).raw().toBuffer();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / bytes.length;
}
