import { createHash } from 'node:crypto';
import { link as hardLink, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { InvalidImageError } from '../../core/index.js';
import { imageExtension } from './image-extension.js';
import type { Staging } from './staging.js';

/**
 * How images get into the export. 'link' makes hard links, not symbolic ones: a hard link is a real
 * file of the export folder, so moving, archiving or rsyncing the folder to a training machine carries
 * the bytes (a symbolic link would dangle there), and it costs no space. Where a hard link cannot be
 * made (another filesystem, or one without hard links) the image is copied instead.
 */
export type ImageMode = 'copy' | 'link';

/** Folder of the stored images, inside the export folder; data files name images relative to it. */
export const IMAGES_DIR = 'images';

/** Reads and writes in flight at once: enough to overlap disk waits without holding many images in memory. */
const IMAGE_CONCURRENCY = 8;

/** link() errors that mean "no hard link here", answered by copying. */
const NO_LINK_CODES = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export interface ImageStoreStats {
  /** Distinct image files the export names. */
  stored: number;
  copied: number;
  linked: number;
  /** Already in the folder with the right size (an earlier export of the same images). */
  reused: number;
}

export interface ImageStore {
  /**
   * Stores the image at `path` as images/<sha256 of its bytes>.<extension> and returns that path,
   * relative to the export folder. A path or a content given many times is stored once.
   */
  place(path: string, origin: string): Promise<string>;
  stats(): ImageStoreStats;
}

export interface ImageStoreDeps {
  /** Makes a hard link (injectable so tests can stand in for a filesystem that refuses). */
  link?: (existing: string, newPath: string) => Promise<void>;
}

const codeOf = (error: unknown) =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

export function createImageStore(
  outDir: string,
  mode: ImageMode,
  staging: Staging,
  deps: ImageStoreDeps = {},
): ImageStore {
  const link = deps.link ?? hardLink;
  const limit = pLimit(IMAGE_CONCURRENCY);
  const byPath = new Map<string, Promise<string>>();
  const byName = new Map<string, Promise<void>>();
  const stats: ImageStoreStats = { stored: 0, copied: 0, linked: 0, reused: 0 };

  async function write(path: string, bytes: Buffer, target: string): Promise<void> {
    const present = await stat(target).catch(() => undefined);
    if (present?.isFile() && present.size === bytes.length) {
      stats.reused += 1;
      return;
    }
    const temp = staging.tempPath();
    if (mode === 'link') {
      try {
        await link(path, temp);
        await staging.commit(temp, target);
        stats.linked += 1;
        return;
      } catch (error) {
        if (!NO_LINK_CODES.has(codeOf(error) ?? '')) throw error;
      }
    }
    await writeFile(temp, bytes);
    await staging.commit(temp, target);
    stats.copied += 1;
  }

  async function store(path: string, origin: string): Promise<string> {
    const bytes = await readFile(path).catch((error: unknown) => {
      throw new InvalidImageError(
        `${origin}: cannot read ${path} (${codeOf(error) ?? String(error)}): restore the file, or rerun the stage that made it`,
        path,
        { cause: error },
      );
    });
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${imageExtension(bytes, `${origin} (${path})`)}`;
    let written = byName.get(name);
    if (written === undefined) {
      stats.stored += 1;
      written = write(path, bytes, join(outDir, IMAGES_DIR, name));
      byName.set(name, written);
    }
    await written;
    return `${IMAGES_DIR}/${name}`;
  }

  return {
    place(path, origin) {
      let placed = byPath.get(path);
      if (placed === undefined) {
        placed = limit(() => store(path, origin));
        byPath.set(path, placed);
      }
      return placed;
    },
    stats: () => ({ ...stats }),
  };
}
