import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectBorder } from './border.js';
import { photoLikeImage } from './photo-like.js';
import type { Raster } from './types.js';

type Extend = { top: number; right: number; bottom: number; left: number; background: string };

/** A 256x256 photo-like raster, optionally extended with bands (raw pixels, no resampling). */
async function photo(extend?: Extend, seed = 1): Promise<Raster> {
  let image = photoLikeImage(256, 256, seed);
  if (extend) image = image.extend(extend);
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

const white = (px: number): Extend => ({ top: px, right: px, bottom: px, left: px, background: '#ffffff' });

describe('detectBorder', () => {
  it('finds no band on a photo', async () => {
    const plain = await photo();
    assert.deepEqual(detectBorder(plain, plain), {
      sides: { top: 0, right: 0, bottom: 0, left: 0 },
      kind: 'none',
      added: false,
      frame: false,
    });
  });

  it('detects an added white border and measures it per side', async () => {
    const report = detectBorder(await photo(white(16)), await photo());
    assert.equal(report.kind, 'white');
    assert.equal(report.added, true);
    for (const share of Object.values(report.sides)) assert.equal(share, 16 / 288);
  });

  it('measures uneven bands on the sides that have them', async () => {
    const report = detectBorder(
      await photo({ top: 40, right: 0, bottom: 40, left: 0, background: '#ffffff' }),
      await photo(),
    );
    assert.deepEqual(report.sides, { top: 40 / 336, right: 0, bottom: 40 / 336, left: 0 });
    assert.equal(report.kind, 'white');
  });

  it('does not call a border the source already had added', async () => {
    const framed = await photo(white(16));
    const report = detectBorder(framed, framed);
    assert.equal(report.kind, 'white');
    assert.equal(report.added, false);
  });

  it('calls a thicker border than the source had added', async () => {
    const report = detectBorder(await photo(white(32)), await photo(white(8)));
    assert.equal(report.added, true);
  });

  it("reports a band of another colour as 'flat'", async () => {
    const report = detectBorder(await photo({ ...white(20), background: '#202020' }), await photo());
    assert.deepEqual([report.kind, report.added], ['flat', true]);
  });

  it('ignores bands thinner than 1.5% of the side', async () => {
    // 3 px of 262 is 1.1%.
    const report = detectBorder(await photo(white(3)), await photo());
    assert.deepEqual([report.kind, report.added, report.sides.top], ['none', false, 0]);
  });
  it('does not call a flat part of the scene that turned white (a brightened wall) an added border', async () => {
    // Source: a wall whose rows are each uniform but shade down the frame (a vertical gradient), over a photo.
    const width = 256;
    const height = 256;
    const data = new Uint8Array(width * height * 3);
    const textured = (await photo()).data;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = (y * width + x) * 3;
        const wall = y < 96;
        data[p] = wall ? 230 - y : textured[p]!;
        data[p + 1] = wall ? 220 - y : textured[p + 1]!;
        data[p + 2] = wall ? 200 - y : textured[p + 2]!;
      }
    }
    const source: Raster = { width, height, data };
    // Edited: the same image brightened until the top of the wall clips to white.
    const edited: Raster = { width, height, data: data.map((v) => Math.min(255, Math.round(v * 1.3))) };
    const report = detectBorder(edited, source);
    assert.ok(report.sides.top > 0.015, 'a white band is measured at the top');
    assert.equal(report.added, false);
  });

  it('still calls white padding over content an added border', async () => {
    const report = detectBorder(
      await photo({ top: 20, right: 0, bottom: 20, left: 0, background: '#ffffff' }),
      await photo({ top: 0, right: 0, bottom: 0, left: 0, background: '#ffffff' }),
    );
    assert.deepEqual([report.kind, report.added], ['white', true]);
  });

  /** A flat mint ground (like EditWorld's) with one dark square, as a raster. */
  function flatScene(size: number, square: { x: number; y: number; side: number }): Raster {
    const data = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside =
          x >= square.x && x < square.x + square.side && y >= square.y && y < square.y + square.side;
        data.set(inside ? [40, 40, 160] : [205, 240, 215], (y * size + x) * 3);
      }
    }
    return { width: size, height: size, data };
  }

  it('calls an even white frame over a flat ground added, though the ground under it is flat too', () => {
    const source = flatScene(100, { x: 30, y: 40, side: 20 });
    const framed = flatScene(100, { x: 30, y: 40, side: 20 });
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) {
        if (x < 6 || x >= 94 || y < 6 || y >= 94) framed.data.set([255, 255, 255], (y * 100 + x) * 3);
      }
    }
    const report = detectBorder(framed, source);
    assert.deepEqual([report.kind, report.added, report.frame], ['white', true, true]);
  });

  it('does not call the flat ground reaching the edge after a removal a frame, nor a blank picture', () => {
    // The square by the left edge is removed; one in the middle stays.
    const source = flatScene(100, { x: 2, y: 40, side: 20 });
    for (let y = 45; y < 55; y++)
      for (let x = 45; x < 55; x++) source.data.set([40, 40, 160], (y * 100 + x) * 3);
    const removed = flatScene(100, { x: 45, y: 45, side: 10 });
    assert.equal(detectBorder(removed, source).frame, false);
    assert.equal(detectBorder(flatScene(100, { x: 0, y: 0, side: 0 }), source).frame, false);
  });
});
