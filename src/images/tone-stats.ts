import { luma } from './luma.js';
import type { Raster, ToneStats } from './types.js';

/**
 * A pixel counts as clipped-saturated when its HSV saturation is at least 0.95 (the smallest
 * channel has hit ~0) and its value is at least 0.5: dark pixels reach saturation 1 from noise
 * alone, bright saturated ones are what an over-driven saturation boost leaves.
 */
export const CLIPPED_SATURATION = 0.95;
export const CLIPPED_MIN_VALUE = 0.5;
/**
 * Grayscale when the mean chroma (max - min channel, 0-1) is under 0.03: JPEG chroma noise on a
 * grey image stays under 0.01, while colour photos average 0.1-0.3. Chroma, not saturation, because
 * saturation blows up on near-black pixels.
 */
export const GRAYSCALE_MAX_CHROMA = 0.03;

/**
 * Global tone statistics of a raster; see ToneStats. Given `lumaInto` (one value per pixel), it also
 * receives the raster's luma plane, as lumaPlane would return it, saving a second pass over the pixels.
 */
export function toneStats(raster: Raster, lumaInto?: Float32Array): ToneStats {
  const { data } = raster;
  const n = raster.width * raster.height;
  let lumaSum = 0;
  let lumaSqSum = 0;
  let saturationSum = 0;
  let chromaSum = 0;
  let warmthSum = 0;
  let clipped = 0;
  if (lumaInto && lumaInto.length !== n) {
    throw new RangeError(`toneStats: lumaInto must hold ${n} values, got ${lumaInto.length}`);
  }
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    const max = Math.max(r, g, b);
    const chroma = max - Math.min(r, g, b);
    const l = luma(r, g, b);
    if (lumaInto) lumaInto[i] = l;
    const y = l / 255;
    lumaSum += y;
    lumaSqSum += y * y;
    const saturation = max === 0 ? 0 : chroma / max;
    saturationSum += saturation;
    chromaSum += chroma;
    warmthSum += r - b;
    if (saturation >= CLIPPED_SATURATION && max >= CLIPPED_MIN_VALUE * 255) clipped++;
  }
  if (n === 0) {
    return {
      brightness: 0,
      contrast: 0,
      saturation: 0,
      warmth: 0,
      clippedSaturationShare: 0,
      grayscale: true,
    };
  }
  const brightness = lumaSum / n;
  return {
    brightness,
    contrast: Math.sqrt(Math.max(0, lumaSqSum / n - brightness * brightness)),
    saturation: saturationSum / n,
    warmth: warmthSum / (n * 255),
    clippedSaturationShare: clipped / n,
    grayscale: chromaSum / (n * 255) < GRAYSCALE_MAX_CHROMA,
  };
}
