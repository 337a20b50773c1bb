import { randomUUID } from 'node:crypto';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ImageUrl } from '../../core/index.js';
import { urlJsonBytes } from './url-json-bytes.js';

/** Shorter URLs (http links, tiny images) are cheaper to stringify than to look up. */
const SPLICE_MIN_LENGTH = 4096;

// Stands in for an image URL while the rest of the body is stringified. Random per process, so no
// text in a prompt can be mistaken for it.
const marker = `edit-r1-image-${randomUUID()}`;

/** JSON bytes of image URLs that arrived with them, by the SDK-shaped `image_url` object carrying the URL. */
const urlJsonOf = new WeakMap<object, Uint8Array>();

/**
 * The SDK's `image_url` for an image that brings its URL's JSON bytes: the body is assembled from those
 * bytes, so the URL string is read (and, for a DataUrl, made) only if something else reads it.
 */
export function imageUrlWithJson(image: ImageUrl, urlJson: Uint8Array): { url: string } {
  const imageUrl = {
    get url() {
      return image.url;
    },
  };
  urlJsonOf.set(imageUrl, urlJson);
  return imageUrl;
}

/**
 * The request body, `JSON.stringify(body)` as UTF-8, in pieces, with image URLs as bytes: those an
 * image brought (imageUrlWithJson), and long ones from a cache (url-json-bytes.ts). Stringifying the
 * whole body would build, measure and UTF-8 encode every image's URL again for every request. The
 * pieces are written to the socket as they are: joined, each request would also copy its ~150 KB into
 * a fresh buffer, whose pages the copy faults in (an eighth of a millisecond a request here).
 */
export function encodeRequestBody(body: ChatCompletionCreateParamsNonStreaming): Uint8Array[] {
  const images: Uint8Array[] = [];
  const placeholder = () => `${marker}-${images.length - 1}`;
  const messages = body.messages.map((message) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type !== 'image_url') return part;
        const known = urlJsonOf.get(part.image_url);
        if (known) {
          images.push(known);
          return { ...part, image_url: { url: placeholder() } };
        }
        if (part.image_url.url.length < SPLICE_MIN_LENGTH) return part;
        images.push(urlJsonBytes(part.image_url.url));
        return { ...part, image_url: { ...part.image_url, url: placeholder() } };
      }),
    };
  });
  const text = JSON.stringify({ ...body, messages });
  if (images.length === 0) return [Buffer.from(text, 'utf8')];
  const pieces: Uint8Array[] = [];
  let from = 0;
  images.forEach((json, i) => {
    const quoted = JSON.stringify(`${marker}-${i}`);
    const at = text.indexOf(quoted, from);
    pieces.push(Buffer.from(text.slice(from, at), 'utf8'), json);
    from = at + quoted.length;
  });
  pieces.push(Buffer.from(text.slice(from), 'utf8'));
  return pieces;
}
