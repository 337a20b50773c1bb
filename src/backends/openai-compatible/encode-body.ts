import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';

/**
 * Images are most of a request (a 1024 px JPEG is ~300 KB of base64), and the same image goes out many
 * times: a source with each of its edits, a retry, N samples. Their JSON bytes are kept here so each
 * request is assembled by copying, instead of stringifying, measuring and UTF-8 encoding the whole body
 * again (what the SDK and fetch do with a string body: ~2 ms for 150 KB here).
 */
const URL_BYTES_KEPT = 64 * 1024 * 1024;
/** Shorter URLs (http links, tiny images) are cheaper to stringify than to look up. */
const SPLICE_MIN_LENGTH = 4096;

const urlBytes = new LRUCache<string, Buffer>({
  maxSize: URL_BYTES_KEPT,
  sizeCalculation: (bytes) => bytes.byteLength,
});

// Stands in for an image URL while the rest of the body is stringified. Random per process, so no
// text in a prompt can be mistaken for it.
const marker = `edit-r1-image-${randomUUID()}`;

/** Whether bytes[from, to) are printable ASCII that JSON carries unescaped (no quote, backslash or control character). */
function plainJsonText(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The URL as a JSON string, in UTF-8. A data URL is printable ASCII, so it is written between quotes
 * as it is: JSON.stringify would build a second 300 KB string and encoding that costs several times
 * the copy (a new large string is allocated and flattened). Anything else goes through JSON.stringify.
 */
function jsonBytesOf(url: string): Buffer {
  const cached = urlBytes.get(url);
  if (cached) return cached;
  let bytes = Buffer.allocUnsafe(url.length + 2);
  // A character outside ASCII takes more than one byte, so either fewer characters fit or a byte
  // above 0x7e is written: plainJsonText then sends it to JSON.stringify.
  const written = bytes.write(url, 1, 'utf8');
  bytes[0] = 0x22;
  bytes[url.length + 1] = 0x22;
  if (written !== url.length || !plainJsonText(bytes, 1, url.length + 1)) {
    bytes = Buffer.from(JSON.stringify(url), 'utf8');
  }
  urlBytes.set(url, bytes);
  return bytes;
}

/**
 * The request body as UTF-8 JSON bytes, equal to `JSON.stringify(body)` encoded, with long image URLs
 * copied in from a cache of their encoded bytes.
 */
export function encodeRequestBody(body: ChatCompletionCreateParamsNonStreaming): Uint8Array {
  const urls: string[] = [];
  const messages = body.messages.map((message) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type !== 'image_url' || part.image_url.url.length < SPLICE_MIN_LENGTH) return part;
        urls.push(part.image_url.url);
        return { ...part, image_url: { ...part.image_url, url: `${marker}-${urls.length - 1}` } };
      }),
    };
  });
  const text = JSON.stringify({ ...body, messages });
  if (urls.length === 0) return Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  let from = 0;
  urls.forEach((url, i) => {
    const placeholder = JSON.stringify(`${marker}-${i}`);
    const at = text.indexOf(placeholder, from);
    pieces.push(Buffer.from(text.slice(from, at), 'utf8'), jsonBytesOf(url));
    from = at + placeholder.length;
  });
  pieces.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(pieces);
}
