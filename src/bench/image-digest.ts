import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InvalidImageError } from '../core/index.js';

const REMOTE = /^https?:\/\//i;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * sha256 of an image's bytes, for the verdict cache: a file read, or a data URL's decoded payload, so
 * the same picture keys the same whether named by path or inlined. A remote URL is keyed by its text
 * (fetching it only to hash it would double the traffic; remote benchmarks are assumed not to change).
 * A file that cannot be read throws, and that pair fails like any other image error.
 */
export async function imageDigest(ref: string): Promise<string> {
  if (/^data:/i.test(ref)) {
    const comma = ref.indexOf(',');
    return sha256(comma < 0 ? ref : Buffer.from(ref.slice(comma + 1).replace(/\s+/g, ''), 'base64'));
  }
  if (REMOTE.test(ref)) return sha256(`url:${ref}`);
  const path = /^file:/i.test(ref) ? fileURLToPath(ref) : ref;
  try {
    return sha256(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidImageError(
      `cannot read image ${path} (${code}); check the path in the pairs file`,
      path,
      {
        cause: error,
      },
    );
  }
}
