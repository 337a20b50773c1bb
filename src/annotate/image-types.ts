import { extname } from 'node:path';

/** The formats a browser shows, by file extension: the content-type each is served with. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

/** The content-type for an image path, or undefined for a format the page cannot show. */
export function imageContentType(path: string): string | undefined {
  return IMAGE_TYPES[extname(path).toLowerCase()];
}

export const SHOWN_EXTENSIONS = Object.keys(IMAGE_TYPES).join(', ');
