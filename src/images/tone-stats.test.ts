import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lumaPlane } from './luma.js';
import { toneStats } from './tone-stats.js';
import type { Raster } from './types.js';

const pixels = (...rgb: [number, number, number][]): Raster => ({
  width: rgb.length,
  height: 1,
  data: Uint8Array.from(rgb.flat()),
});

function assertClose(actual: number, expected: number, what: string) {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);
}

describe('toneStats', () => {
  it('fills lumaInto with the luma plane and reports the same stats as without it', () => {
    const raster = pixels([255, 0, 0], [0, 0, 255], [10, 200, 30], [128, 128, 128]);
    const into = new Float32Array(4);
    assert.deepEqual(toneStats(raster, into), toneStats(raster));
    // Hand-computed Rec. 601 luma of the four pixels, stored as 32-bit floats.
    assert.deepEqual(into, Float32Array.from([76.245, 29.07, 123.81, 128]));
    assert.deepEqual(into, lumaPlane(raster));
    assert.throws(() => toneStats(raster, new Float32Array(3)), RangeError);
  });

  it('matches a hand-computed pure red and pure blue pair', () => {
    // Luma 0.299 and 0.114: mean 0.2065, std 0.0925. Both fully saturated and bright: clipped.
    const tone = toneStats(pixels([255, 0, 0], [0, 0, 255]));
    assertClose(tone.brightness, 0.2065, 'brightness');
    assertClose(tone.contrast, 0.0925, 'contrast');
    assertClose(tone.saturation, 1, 'saturation');
    assertClose(tone.warmth, 0, 'warmth');
    assertClose(tone.clippedSaturationShare, 1, 'clipped');
    assert.equal(tone.grayscale, false);
  });

  it('matches a hand-computed grey and warm beige pair', () => {
    // Lumas 100 and 0.299*200 + 0.587*180 + 0.114*160 = 183.7: mean 141.85, std 41.85 (of 255).
    // Saturation 0 and 40/200; warmth (0 + 40) / 2 / 255; nothing clipped.
    const tone = toneStats(pixels([100, 100, 100], [200, 180, 160]));
    assertClose(tone.brightness, 141.85 / 255, 'brightness');
    assertClose(tone.contrast, 41.85 / 255, 'contrast');
    assertClose(tone.saturation, 0.1, 'saturation');
    assertClose(tone.warmth, 20 / 255, 'warmth');
    assertClose(tone.clippedSaturationShare, 0, 'clipped');
    assert.equal(tone.grayscale, false);
  });

  it('does not count dark saturated pixels as clipped, and calls faint colour grayscale', () => {
    assertClose(toneStats(pixels([40, 0, 0], [0, 30, 0])).clippedSaturationShare, 0, 'dark');
    // Mean chroma (0 + 6) / 2 / 255 = 0.012, under 0.03.
    assert.equal(toneStats(pixels([100, 100, 100], [104, 100, 98])).grayscale, true);
  });
});
