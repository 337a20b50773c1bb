import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import { ImageTooLargeError, InvalidImageError } from '../core/index.js';
import type { ImageInput } from '../core/index.js';
import { decodeFailure, SUPPORTED_FORMATS_TEXT } from './decode-failure.js';
import { readJpegHeader, type ImageHeader } from './jpeg-header.js';
import { looksComplete } from './looks-complete.js';
import { DECODE_FAIL_ON } from './open-image.js';
import { readDataUrlBytes, readInput } from './read-input.js';
import { DEFAULT_IMAGE_LIMITS } from './types.js';
import type { ImageLimits, LoadedImage } from './types.js';

/** sharp can read more (SVG, PDF, RAW...), but those are either not photos or a risk to render. */
const SUPPORTED = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);
/** What a VLM server reliably reads as sent. */
const VLM_FORMATS = new Set(['jpeg', 'png', 'webp']);
/** 8-bit colour or grey; 16-bit, CMYK, Lab and the rest are converted before sending. */
const VLM_SPACES = new Set(['srgb', 'rgb', 'b-w']);
/** Side of the throwaway output of the confirming decode: small, so it costs the decode alone. */
const CONFIRM_SIDE = 32;

function resolveLimits(limits: Partial<ImageLimits>): ImageLimits {
  const resolved: ImageLimits = { ...DEFAULT_IMAGE_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}

function isLoadedImage(input: unknown): input is LoadedImage {
  return (
    typeof input === 'object' &&
    input !== null &&
    !(input instanceof Uint8Array) &&
    typeof (input as LoadedImage).hash === 'string' &&
    Buffer.isBuffer((input as LoadedImage).bytes)
  );
}

/**
 * VLM servers ignore EXIF orientation and colour spaces other than sRGB, and most drop alpha onto
 * black; such images are sent converted (upright, sRGB, flattened on white like our own rasters), so
 * the model sees what the pixel checks see.
 */
function isVlmReady(meta: ImageHeader): boolean {
  return (
    VLM_FORMATS.has(meta.format) &&
    meta.depth === 'uchar' &&
    VLM_SPACES.has(meta.space) &&
    !meta.hasAlpha &&
    (meta.orientation === undefined || meta.orientation === 1) &&
    (meta.pages ?? 1) === 1
  );
}

/**
 * A file read again unchanged (same size, mtime and inode) is not re-read, hashed and re-parsed: a
 * source judged against many edits is loaded once. Keyed with the limits it passed under.
 */
const loadedFiles = new LRUCache<string, LoadedImage>({ max: 64 });
/**
 * The file's stat, or undefined when it cannot be had (readInput then says why). Synchronous: a stat of
 * a local file takes microseconds, while the promise version (a round trip through libuv's thread pool,
 * which sharp's decodes also use) cost ~0.25 ms an image under load, twice per judged edit.
 */
function fileInfo(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Images this module loaded, by the bytes it holds for them: always its own (read, decoded or fetched,
 * and a caller's buffer copied), so the caller's buffer, which it may reuse, is never a key. Handing
 * those bytes back (the reward service gives its judge `image.bytes`) returns the same image instead of
 * copying, hashing and checking them again.
 */
const imagesByOwnBytes = new WeakMap<Uint8Array, LoadedImage>();

/** A string with no URL scheme (`data:`, `http:`) is a file path. */
const PLAIN_PATH = /^(?![a-z][a-z0-9+.-]*:)/i;

/**
 * Reads an image from a path, a data URL, bytes or (when allowed) an http(s) URL, and admits it only
 * after its byte size, header, pixel count and completeness pass; its pixels are decoded later, on
 * demand. A LoadedImage is returned as it is.
 *
 * Truncation: a truncated file usually keeps a valid header, so the header alone cannot catch it, and
 * a full decode costs about as much as everything else in scoring an edit (~20 ms for 1024 px JPEG).
 * So the end of the stream is checked structurally first (microseconds, see looksComplete), and only
 * a file that fails that check, or a format without one, is decoded to decide. A file corrupt in
 * the middle but complete in shape passes here and is refused by decodeRaster/encode.
 */
export async function loadImage(
  input: ImageInput | LoadedImage,
  limits: Partial<ImageLimits> = {},
): Promise<LoadedImage> {
  if (isLoadedImage(input)) return input;
  const known = loadedAlready(input, limits);
  if (known) return known;
  if (typeof input === 'string' && input !== '' && PLAIN_PATH.test(input)) {
    const info = fileInfo(input);
    if (info?.isFile()) {
      const resolvedLimits = resolveLimits(limits);
      const key = `${input}\0${info.size}\0${info.mtimeMs}\0${info.ino}\0${resolvedLimits.maxBytes}\0${resolvedLimits.maxPixels}`;
      const cached = loadedFiles.get(key);
      if (cached) return cached;
      const loaded = withOwnBytes(await loadUncached(input, limits));
      loadedFiles.set(key, loaded);
      return loaded;
    }
  }
  return withOwnBytes(await loadUncached(input, limits));
}

/**
 * What loadImage gives without waiting: a LoadedImage as it is, or the image whose own bytes these are
 * (see imagesByOwnBytes). Undefined for anything that must be read, checked or loaded again.
 */
export function loadedAlready(
  input: ImageInput | LoadedImage,
  limits: Partial<ImageLimits> = {},
): LoadedImage | undefined {
  if (isLoadedImage(input)) return input;
  if (!(input instanceof Uint8Array)) return undefined;
  const known = imagesByOwnBytes.get(input);
  // Under stricter limits than it was loaded with, it is loaded again, to be refused with the reason.
  return known && fitsLimits(known, resolveLimits(limits)) ? known : undefined;
}

function withOwnBytes(image: LoadedImage): LoadedImage {
  imagesByOwnBytes.set(image.bytes, image);
  return image;
}

function fitsLimits(image: LoadedImage, limits: ImageLimits): boolean {
  return image.bytes.byteLength <= limits.maxBytes && image.width * image.height <= limits.maxPixels;
}

async function loadUncached(input: ImageInput, limits: Partial<ImageLimits>): Promise<LoadedImage> {
  const resolved = resolveLimits(limits);
  const { bytes, origin } = await readInput(input, resolved);
  return admit(bytes, origin, resolved);
}

/**
 * Loads an image from a data URL held as ASCII bytes (a view of a JSON body, see spliceDataUrlBytes),
 * as loadImage loads one from a string. The image keeps nothing of the view: its bytes are its own.
 */
export async function loadDataUrlBytes(url: Buffer, limits: Partial<ImageLimits> = {}): Promise<LoadedImage> {
  const resolved = resolveLimits(limits);
  const { bytes, origin } = readDataUrlBytes(url, resolved.maxBytes);
  return withOwnBytes(await admit(bytes, origin, resolved));
}

/** The image in `bytes`, once its size, header, pixel count and completeness pass (see loadImage). */
async function admit(bytes: Buffer, origin: string, resolved: ImageLimits): Promise<LoadedImage> {
  if (bytes.length === 0) {
    throw new InvalidImageError(`${origin} is empty (0 bytes); pass a complete image file`, origin);
  }

  let meta = readJpegHeader(bytes);
  if (!meta) {
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw decodeFailure(origin, error);
    }
  }
  if (!SUPPORTED.has(meta.format) || (meta.format === 'heif' && meta.compression !== 'av1')) {
    throw new InvalidImageError(
      `could not decode ${origin}: ${meta.format === 'heif' ? 'HEIC' : meta.format} is not supported (${SUPPORTED_FORMATS_TEXT}); convert it to PNG or JPEG`,
      origin,
    );
  }
  const pixels = meta.width * meta.height;
  if (pixels > resolved.maxPixels) {
    throw new ImageTooLargeError(
      `${origin} is ${meta.width}x${meta.height} (${pixels} pixels), over the ${resolved.maxPixels}-pixel limit; downscale it or raise maxPixels`,
      origin,
    );
  }
  if (!looksComplete(bytes, meta.format)) {
    try {
      await sharp(bytes, { failOn: DECODE_FAIL_ON, limitInputPixels: resolved.maxPixels })
        .resize(CONFIRM_SIDE, CONFIRM_SIDE, { fit: 'inside' })
        .raw()
        .toBuffer();
    } catch (error) {
      throw decodeFailure(origin, error);
    }
  }

  const upright = meta.autoOrient;
  return {
    hash: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    format: meta.format,
    width: upright.width,
    height: upright.height,
    vlmReady: isVlmReady(meta),
    origin,
  };
}
