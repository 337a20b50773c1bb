import { InvalidImageError } from '../core/index.js';
import {
  decodeBase64,
  loadDataUrlBytes,
  loadImage,
  type ImageLimits,
  type LoadedImage,
} from '../images/index.js';
import { allowListFetch, hostOf } from './allow-list-fetch.js';
import { HttpError, toHttpError } from './http-error.js';

const REMOTE = /^https?:\/\//i;
const DATA_URL = /^data:/i;

/**
 * A request's data URLs held as bytes of its body, by the reference that stands for each in the parsed
 * request (see restoreDataUrlSpans).
 */
export type InlineImages = ReadonlyMap<string, Buffer>;

export interface ImageResolver {
  /**
   * Loads the image a request names at `field` (for messages), checking its size before decoding; a
   * reference in `inline` is read from its bytes there. `signal` cancels a download (the client left).
   */
  resolve(ref: string, field: string, inline?: InlineImages, signal?: AbortSignal): Promise<LoadedImage>;
}

/**
 * Images as a client may send them: a data URL, bare base64, or an http(s) URL from an allowed host.
 * Never a path: a string the loader would read as a file on this server is refused, not opened.
 */
export function createImageResolver(options: {
  allowHosts: readonly string[];
  maxPixels: number;
  fetch?: typeof fetch;
}): ImageResolver {
  const allowed = new Set(options.allowHosts.map((h) => h.toLowerCase()));
  const local: Partial<ImageLimits> = { maxPixels: options.maxPixels, allowRemote: false };
  const remoteFetch = allowListFetch(allowed, options.fetch);
  const remote = (signal: AbortSignal | undefined): Partial<ImageLimits> => ({
    maxPixels: options.maxPixels,
    allowRemote: true,
    fetch: signal
      ? (input, init) =>
          remoteFetch(input, {
            ...init,
            signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
          })
      : remoteFetch,
  });

  async function load(
    ref: string,
    inline: InlineImages | undefined,
    signal: AbortSignal | undefined,
  ): Promise<LoadedImage> {
    const inlineUrl = inline?.get(ref);
    if (inlineUrl) return loadDataUrlBytes(inlineUrl, local);
    if (DATA_URL.test(ref)) return loadImage(ref, local);
    if (REMOTE.test(ref)) {
      let host: string;
      try {
        host = hostOf(ref);
      } catch {
        throw new InvalidImageError('not a valid URL: send a data URL, bare base64, or an http(s) URL', ref);
      }
      if (!allowed.has(host)) {
        throw new HttpError(
          400,
          'bad_request',
          `images from ${host} are not allowed; send the image inline (data URL or base64), or start the server with --allow-hosts ${host}`,
        );
      }
      return loadImage(ref, remote(signal));
    }
    const bytes = decodeBase64(ref.replace(/\s+/g, ''));
    if (!bytes || bytes.length === 0) {
      throw new InvalidImageError(
        'not a data URL, base64 or http(s) URL; send the image as base64 or data:image/png;base64,...',
        'request',
      );
    }
    return loadImage(bytes, local);
  }

  return {
    async resolve(ref, field, inline, signal) {
      try {
        return await load(ref, inline, signal);
      } catch (error) {
        const http = toHttpError(error);
        if (http.status >= 500) throw error;
        throw new HttpError(http.status, http.type, `${field}: ${http.message}`);
      }
    },
  };
}
