import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Text is handed to the file in pieces of about this many characters, so a huge export never becomes one string. */
const CHUNK_CHARS = 1 << 20;

/** The staging folder's name inside the export folder: on the same filesystem, so a rename is atomic. */
export const STAGING_DIR = '.export-staging';

/**
 * Every file of an export is written whole under a staging folder, then renamed into place: a rename
 * within one filesystem is atomic, so a killed export leaves each file either as it was or complete,
 * never half written. Leftovers of a killed export are removed when the next one opens the folder, so
 * one export at a time may write to a folder.
 */
export interface Staging {
  /** A fresh path inside the staging folder, to fill and then `commit`. */
  tempPath(): string;
  /** Renames a filled temp path onto its final place (replacing what was there). */
  commit(temp: string, target: string): Promise<void>;
  /** Writes text made of pieces to `target` atomically, flushed to disk before the rename. */
  writeText(target: string, pieces: Iterable<string>): Promise<void>;
  /** Removes the staging folder. */
  close(): Promise<void>;
}

export async function openStaging(outDir: string): Promise<Staging> {
  const dir = join(outDir, STAGING_DIR);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let next = 0;
  const tempPath = () => join(dir, String(next++));
  const commit = (temp: string, target: string) => rename(temp, target);
  return {
    tempPath,
    commit,
    async writeText(target, pieces) {
      const temp = tempPath();
      const handle = await open(temp, 'w');
      try {
        let chunk = '';
        for (const piece of pieces) {
          chunk += piece;
          if (chunk.length >= CHUNK_CHARS) {
            // writeFile on a handle appends at the current position and loops over partial writes.
            await handle.writeFile(chunk);
            chunk = '';
          }
        }
        if (chunk !== '') await handle.writeFile(chunk);
        // Flushed before the rename, so a power cut cannot leave the new name pointing at empty blocks.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await commit(temp, target);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
