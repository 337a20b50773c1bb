import { LRUCache } from 'lru-cache';
import { UsageError } from '../core/index.js';
import { DataUrl } from './data-url.js';
import { decodeFailure } from './decode-failure.js';
import { openImage } from './open-image.js';
import type { EncodedImage, LoadedImage } from './types.js';

export interface VlmEncoderOptions {
  /** Longest side sent to the VLM (default 1024). */
  maxSide?: number;
  /** JPEG quality when re-encoding (default 90). */
  quality?: number;
  /** Encoded images kept, by content hash (default 256). */
  cacheEntries?: number;
  /** Most bytes of data URLs kept (default 128 MiB: a 1024 px JPEG's URL is ~280 KB). */
  cacheBytes?: number;
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`${name} must be an integer from 1 to ${max}, got ${value}`);
  }
  return value;
}

/** The URL string stays unmade until read (see DataUrl). */
function encodedImage(dataUrl: DataUrl, facts: Omit<EncodedImage, 'url' | 'urlJson'>): EncodedImage {
  return {
    ...facts,
    get url() {
      return dataUrl.url;
    },
    urlJson: dataUrl.urlJson,
  };
}

/**
 * Turns loaded images into data URLs for a VLM. An upright 8-bit sRGB JPEG/PNG/WebP that already
 * fits is sent as its own bytes, with no decode: that is the hot path (a 1024 px JPEG decode alone
 * costs ~20 ms). Anything else is rotated, converted, flattened onto white, shrunk and re-encoded as
 * JPEG. Both kinds of result are cached by content hash (a source judged against many edits is
 * base64-encoded once), bounded by entries and bytes; concurrent requests for one image share one encode.
 */
export class VlmImageEncoder {
  readonly #maxSide: number;
  readonly #quality: number;
  readonly #cache: LRUCache<string, EncodedImage>;
  readonly #inFlight = new Map<string, Promise<EncodedImage>>();
  #hits = 0;
  #misses = 0;
  #passthrough = 0;

  constructor(options: VlmEncoderOptions = {}) {
    this.#maxSide = positiveInteger('maxSide', options.maxSide ?? 1024);
    this.#quality = positiveInteger('quality', options.quality ?? 90, 100);
    this.#cache = new LRUCache({
      max: positiveInteger('cacheEntries', options.cacheEntries ?? 256),
      maxSize: positiveInteger('cacheBytes', options.cacheBytes ?? 128 * 1024 * 1024),
      sizeCalculation: (encoded) => Math.max(1, encoded.urlJson.byteLength),
    });
  }

  /**
   * The image as sent, when it can be had without waiting: from the cache, or made here for an image
   * sent as it is. Undefined when it must be re-encoded (or is being): `encode` waits for that.
   */
  encodeNow(image: LoadedImage): EncodedImage | undefined {
    const asIs = this.#sentAsIs(image);
    const key = this.#keyOf(image, asIs);
    const cached = this.#cache.get(key);
    if (cached) {
      this.#hits++;
      return cached;
    }
    const mime = MIME[image.format];
    if (!asIs || mime === undefined) return undefined;
    this.#passthrough++;
    const encoded = encodedImage(new DataUrl(mime, image.bytes), {
      mime,
      width: image.width,
      height: image.height,
      byteLength: image.bytes.byteLength,
      reencoded: false,
    });
    this.#cache.set(key, encoded);
    return encoded;
  }

  async encode(image: LoadedImage): Promise<EncodedImage> {
    const now = this.encodeNow(image);
    if (now) return now;
    const key = this.#keyOf(image, false);
    const inFlight = this.#inFlight.get(key);
    if (inFlight) {
      this.#hits++;
      return inFlight;
    }
    this.#misses++;
    const pending = this.#reencode(image)
      .then((encoded) => {
        this.#cache.set(key, encoded);
        return encoded;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, pending);
    return pending;
  }

  #sentAsIs(image: LoadedImage): boolean {
    return (
      image.vlmReady &&
      MIME[image.format] !== undefined &&
      Math.max(image.width, image.height) <= this.#maxSide
    );
  }

  #keyOf(image: LoadedImage, asIs: boolean): string {
    return asIs ? `${image.hash}:as-is` : `${image.hash}:${this.#maxSide}:${this.#quality}`;
  }

  /** hits: served from the cache or an encode in flight; misses: encodes run; passthrough: sent unchanged. */
  get stats(): { hits: number; misses: number; passthrough: number } {
    return { hits: this.#hits, misses: this.#misses, passthrough: this.#passthrough };
  }

  async #reencode(image: LoadedImage): Promise<EncodedImage> {
    try {
      const { data, info } = await openImage(image)
        .resize({ width: this.#maxSide, height: this.#maxSide, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .jpeg({ quality: this.#quality })
        .toBuffer({ resolveWithObject: true });
      return encodedImage(new DataUrl('image/jpeg', data), {
        mime: 'image/jpeg',
        width: info.width,
        height: info.height,
        byteLength: data.byteLength,
        reencoded: true,
      });
    } catch (error) {
      throw decodeFailure(image.origin, error);
    }
  }
}
