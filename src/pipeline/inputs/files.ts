import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The SHA-256 of a file's bytes. */
export async function sha256File(path: string): Promise<string> {
  return sha256Hex(await readFile(path));
}

async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    return Buffer.from(bytes).equals(await readFile(path));
  } catch {
    return false;
  }
}

/**
 * Writes `bytes` to `path` unless the file already holds exactly them (so a rerun writes nothing new);
 * returns whether it wrote. The bytes go to a temporary file that is renamed into place, so a process
 * killed mid-write never leaves a truncated image under the final name.
 */
export async function writeIfChanged(path: string, bytes: Uint8Array): Promise<boolean> {
  if (await sameBytes(path, bytes)) return false;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return true;
}
