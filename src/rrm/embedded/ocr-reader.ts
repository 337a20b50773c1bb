import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import { decodeRaster, type LoadedImage } from '../../images/index.js';
import { OcrError, OcrUnavailableError } from './errors.js';

/** One line of text the OCR read, with the recogniser's mean character confidence (0-1). */
export interface OcrLine {
  text: string;
  confidence: number;
}

/** The part of an OCR engine we use: encoded image bytes in, lines out. */
export interface OcrEngine {
  detect(encoded: Buffer): Promise<OcrLine[]>;
}

export interface OcrReader {
  /** The lines legible in the image; lines the recogniser itself rates below 0.5 are already dropped. */
  read(image: LoadedImage): Promise<OcrLine[]>;
}

export interface OcrReaderOptions {
  /**
   * Longest side OCR runs at (default 1024). Detection cost grows with the pixel count, and at 1024 a
   * caption a viewer can read is still some 15 pixels high and legible to the recogniser.
   */
  maxSide?: number;
  /** Images whose lines are kept, by content hash (default 64): a source is judged against many edits. */
  cacheEntries?: number;
  /** The engine factory; defaults to @gutenye/ocr-node (PP-OCRv4 on onnxruntime-node). */
  loadEngine?: () => Promise<OcrEngine>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function toLines(raw: unknown): OcrLine[] {
  if (!Array.isArray(raw)) throw new Error(`expected a list of lines, got ${typeof raw}`);
  return raw.map((line: { text?: unknown; mean?: unknown }) => ({
    text: typeof line.text === 'string' ? line.text : '',
    confidence: typeof line.mean === 'number' ? line.mean : 0,
  }));
}

async function loadGutenOcr(): Promise<OcrEngine> {
  // Imported here, not at the top, so the native runtime loads only when a text check needs it.
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create();
  return {
    // Typed as a path, but it is handed straight to sharp, which reads encoded bytes just as well.
    detect: async (encoded) => toLines(await ocr.detect(encoded)),
  };
}

/** The default engine, loaded at most once per process and shared by every reader. */
let sharedEngine: Promise<OcrEngine> | undefined;
const loadSharedEngine = (): Promise<OcrEngine> => (sharedEngine ??= loadGutenOcr());

export function createOcrReader(options: OcrReaderOptions = {}): OcrReader {
  const maxSide = options.maxSide ?? 1024;
  const load = options.loadEngine ?? loadSharedEngine;
  let engine: Promise<OcrEngine> | undefined;
  // Any load failure means OCR cannot run here; it is remembered, since a missing binding stays missing.
  const loadOnce = () =>
    (engine ??= load().catch((cause: unknown) => {
      throw new OcrUnavailableError(`the OCR engine failed to load: ${message(cause)}`, { cause });
    }));
  const cache = new LRUCache<string, Promise<OcrLine[]>>({ max: options.cacheEntries ?? 64 });

  async function run(image: LoadedImage): Promise<OcrLine[]> {
    const ready = await loadOnce();
    const raster = await decodeRaster(image, maxSide);
    // Uncompressed PNG: the engine wants encoded bytes, and compressing them would only cost time.
    const png = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    try {
      return await ready.detect(png);
    } catch (cause) {
      throw new OcrError(
        `OCR failed on ${image.origin}: ${message(cause)}; text principles can be judged by a VLM instead (--backend openai ...)`,
        { cause },
      );
    }
  }

  return {
    read(image) {
      const cached = cache.get(image.hash);
      if (cached) return cached;
      const pending = run(image);
      cache.set(image.hash, pending);
      // A failure is not remembered: the next call tries again.
      pending.catch(() => cache.delete(image.hash));
      return pending;
    },
  };
}
