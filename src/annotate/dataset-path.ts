import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Whether `path` (absolute, resolved) lies inside `folder` (absolute, resolved), not equal to it. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The real path of `rel` under the dataset folder, or undefined when it does not exist or its real
 * path (symlinks followed) leaves the folder. Checked on every read, not only at start: a file swapped
 * for a symlink while the server runs is refused too.
 */
export function realImagePath(realDatasetDir: string, rel: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(resolve(realDatasetDir, rel));
  } catch {
    return undefined;
  }
  return isInside(realDatasetDir, real) ? real : undefined;
}
