import type { EncodedImage, LoadedImage } from './types.js';

export interface VlmEncoderOptions {
  /** Longest side sent to the VLM (default 1024). */
  maxSide?: number;
  /** JPEG quality when re-encoding (default 90). */
  quality?: number;
  /** Encoded images kept, by content hash (default 256). */
  cacheEntries?: number;
}

// CONTRACT STUB: replaced by the real encoder.
export class VlmImageEncoder {
  constructor(_options: VlmEncoderOptions = {}) {}
  async encode(_image: LoadedImage): Promise<EncodedImage> {
    throw new Error('not implemented');
  }
  get stats(): { hits: number; misses: number; passthrough: number } {
    return { hits: 0, misses: 0, passthrough: 0 };
  }
}
