import type { Tone } from '../core/index.js';

/** Rec. 601 luma weights: the "grey" that saturation scales each channel away from. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Per pixel, in floating point: add `add` to every channel, add `warm` to red and subtract it from
 * blue, then scale each channel's distance from the luma by `chroma`; clamp to 0..255 and round
 * once at the end.
 */
function adjust(data: Uint8Array, add: number, warm: number, chroma: number): void {
  const [wr, wg, wb] = LUMA;
  for (let p = 0; p < data.length; p += 3) {
    const r = data[p]! + add + warm;
    const g = data[p + 1]! + add;
    const b = data[p + 2]! + add - warm;
    const l = wr * r + wg * g + wb * b;
    data[p] = clamp8(l + (r - l) * chroma);
    data[p + 1] = clamp8(l + (g - l) * chroma);
    data[p + 2] = clamp8(l + (b - l) * chroma);
  }
}

function clamp8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/**
 * A scene's tone, in place on raw RGB: brightness b adds b*0.5*255 to every channel, warmth w adds
 * w*0.25*255 to red and takes it from blue, saturation s scales chroma by 1 + s. Neutral is a no-op.
 */
export function applyTone(data: Uint8Array, tone: Tone): void {
  if (tone.brightness === 0 && tone.warmth === 0 && tone.saturation === 0) return;
  adjust(data, tone.brightness * 0.5 * 255, tone.warmth * 0.25 * 255, 1 + tone.saturation);
}

/** Chroma (each channel's distance from the luma) scaled by factor, in place on raw RGB. */
export function scaleChroma(data: Uint8Array, factor: number): void {
  adjust(data, 0, 0, factor);
}

/** rgb[i]*255 added to channel i, in place on raw RGB. */
export function addCast(data: Uint8Array, rgb: readonly [number, number, number]): void {
  const [dr, dg, db] = rgb.map((c) => c * 255) as [number, number, number];
  for (let p = 0; p < data.length; p += 3) {
    data[p] = clamp8(data[p]! + dr);
    data[p + 1] = clamp8(data[p + 1]! + dg);
    data[p + 2] = clamp8(data[p + 2]! + db);
  }
}
