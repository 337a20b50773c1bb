import { availableParallelism } from 'node:os';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { UsageError } from '../core/index.js';
import { decodeFailure } from './decode-failure.js';
import { openImage } from './open-image.js';
import type { LoadedImage, Raster } from './types.js';

/**
 * Decoded pixels kept, by total size: a source is compared against many edits (the benchmark has
 * 8 edits per source), and a 256 px raster is ~200 KB, so 96 MB holds hundreds of analysis rasters
 * or a few dozen full-size ones.
 */
const CACHE_BYTES = 96 * 1024 * 1024;

interface DecodeRequest {
  image: LoadedImage;
  maxSide: number;
}

const cache = new LRUCache<string, Raster, DecodeRequest>({
  maxSize: CACHE_BYTES,
  sizeCalculation: (raster) => Math.max(1, raster.data.byteLength),
  // lru-cache's fetch also shares one decode among concurrent callers of the same key.
  fetchMethod: (_key, _stale, { context }) => decode(context.image, context.maxSide),
});

/**
 * Decodes run on libuv's thread pool (UV_THREADPOOL_SIZE, 4 threads by default), as do file reads and
 * sharp's header reads, which an edit needs before its request can go to the VLM. Held to one per
 * core and to one less than the pool, decodes (which saturate the cores anyway) leave a pool thread
 * free, so an edit's request is not queued behind other edits' decodes.
 */
const POOL_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const decodeSlots = pLimit(Math.max(1, Math.min(availableParallelism(), POOL_THREADS - 1)));

async function decode(image: LoadedImage, maxSide: number): Promise<Raster> {
  return decodeSlots(() => decodeNow(image, maxSide));
}

async function decodeNow(image: LoadedImage, maxSide: number): Promise<Raster> {
  try {
    const { data, info } = await openImage(image)
      // fit 'inside' on a JPEG lets sharp shrink while decoding (DCT scaling), the cheap path.
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (error) {
    throw decodeFailure(image.origin, error);
  }
}

/**
 * The image's pixels, upright, 8-bit sRGB with 3 channels (alpha flattened onto white), shrunk so
 * that the longest side is at most maxSide (never enlarged). Recent results are cached by content
 * hash and size and shared between callers: treat `data` as read-only.
 */
export async function decodeRaster(image: LoadedImage, maxSide: number): Promise<Raster> {
  if (!Number.isInteger(maxSide) || maxSide < 1) {
    throw new UsageError(`maxSide must be a positive integer, got ${maxSide}`);
  }
  // Any maxSide at or above the image's own longest side gives the same pixels: one key, one decode.
  const side = Math.min(maxSide, Math.max(image.width, image.height));
  const raster = await cache.fetch(`${image.hash}:${side}`, { context: { image, maxSide: side } });
  // fetch resolves undefined only when the fetch is aborted, which nothing here does.
  if (!raster) throw new Error(`decode of ${image.origin} was aborted`);
  return raster;
}
