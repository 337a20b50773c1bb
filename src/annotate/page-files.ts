import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's own folder (HTML, JS, CSS), served as it is: no build step, no CDN. */
export const DEFAULT_PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

const PAGE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface PageFile {
  body: Buffer;
  type: string;
}

/**
 * A file of the page folder by its bare name, or undefined. Only names listed in the folder itself
 * are served (no subfolders, no dot files, no path of any kind), so no request reaches outside it.
 */
export async function readPageFile(pageDir: string, name: string): Promise<PageFile | undefined> {
  const type = PAGE_TYPES[extname(name).toLowerCase()];
  if (type === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  const entries = await readdir(pageDir, { withFileTypes: true }).catch(() => []);
  if (!entries.some((entry) => entry.isFile() && entry.name === name)) return undefined;
  return { body: await readFile(join(pageDir, name)), type };
}
