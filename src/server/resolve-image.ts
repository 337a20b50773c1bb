import { InvalidImageError } from '../core/index.js';
import { decodeBase64, loadImage, type ImageLimits, type LoadedImage } from '../images/index.js';
import { allowListFetch, hostOf } from './allow-list-fetch.js';
import { HttpError, toHttpError } from './http-error.js';

const REMOTE = /^https?:\/\//i;
const DATA_URL = /^data:/i;

export interface ImageResolver {
  /** Loads the image a request names at `field` (for messages), checking its size before decoding. */
  resolve(ref: string, field: string): Promise<LoadedImage>;
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
  const remote: Partial<ImageLimits> = {
    maxPixels: options.maxPixels,
    allowRemote: true,
    fetch: allowListFetch(allowed, options.fetch),
  };

  async function load(ref: string): Promise<LoadedImage> {
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
      return loadImage(ref, remote);
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
    async resolve(ref, field) {
      try {
        return await load(ref);
      } catch (error) {
        const http = toHttpError(error);
        if (http.status >= 500) throw error;
        throw new HttpError(http.status, http.type, `${field}: ${http.message}`);
      }
    },
  };
}
