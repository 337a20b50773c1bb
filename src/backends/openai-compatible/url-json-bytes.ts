import { LRUCache } from 'lru-cache';

/**
 * Image URLs that came without their JSON bytes (ImageUrl.urlJson), as JSON string literals in UTF-8. A
 * 1024 px JPEG's data URL is ~280 KB, and the same image goes out many times (a source with each of its
 * edits, a retry, N samples): a body is assembled by copying these bytes instead of stringifying and
 * UTF-8 encoding each URL again.
 */
const BYTES_KEPT = 64 * 1024 * 1024;

const kept = new LRUCache<string, Buffer>({
  maxSize: BYTES_KEPT,
  sizeCalculation: (bytes) => Math.max(1, bytes.byteLength),
});

/** Control characters, quote, backslash and anything past ASCII: what JSON would escape or encode as more than one byte. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_PLAIN = /[\u0000-\u001f"\\\u007f-\uffff]/;

/** `JSON.stringify(url)` as UTF-8 bytes, from the cache when the URL was seen before. Read-only. */
export function urlJsonBytes(url: string): Buffer {
  const cached = kept.get(url);
  if (cached) return cached;
  // A data URL is printable ASCII: written between quotes as it is, one byte a character, it is its
  // own JSON literal, and skips the second 300 KB string JSON.stringify would build.
  const bytes = NOT_PLAIN.test(url)
    ? Buffer.from(JSON.stringify(url), 'utf8')
    : Buffer.from(`"${url}"`, 'latin1');
  kept.set(url, bytes);
  return bytes;
}
