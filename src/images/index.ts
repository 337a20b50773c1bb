export * from './types.js';
export { loadImage } from './load.js';
export { decodeRaster } from './raster.js';
export { VlmImageEncoder, type VlmEncoderOptions } from './vlm-encoder.js';
export { DataUrl } from './data-url.js';
export { comparePixels, compareForHardRules, type CompareOptions } from './pixel-facts.js';
export { glyph, GLYPH_CHARS, GLYPH_WIDTH, GLYPH_HEIGHT, GLYPH_GAP } from './bitmap-font.js';
export { toneStats } from './tone-stats.js';
export { luma } from './luma.js';
