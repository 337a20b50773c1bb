import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noWhiteBandPossible, PREVIEW_WHITE_MIN, previewSettles, previewSide } from './preview-check.js';
import type { LoadedImage } from './types.js';
import { paintedRaster } from './painted-raster.js';

const image = (width: number, height: number, format = 'jpeg'): LoadedImage =>
  ({
    width,
    height,
    format,
    hash: `${width}x${height}`,
    bytes: Buffer.alloc(0),
    origin: 'test',
  }) as LoadedImage;

describe('previewSide', () => {
  it('picks the coarsest JPEG scale that is cheaper than the analysis decode and still sees thin bands', () => {
    // 1024 px: the analysis at 256 decodes at 1/4; 1/8 is coarser, and the thinnest band (1.5% of
    // 1024 = 15.4 px) covers 8 + 2 pixels.
    assert.equal(previewSide(image(1024, 1024), image(1024, 1024), 256), 128);
    // 512 px: analysis at 1/2; a band of 7.7 px cannot cover 1/8's 10, but covers 1/4's 6.
    assert.equal(previewSide(image(512, 512), image(512, 512), 256), 128);
    // 1024x768: the thinnest band is 1.5% of 768 = 11.5 px >= 10.
    assert.equal(previewSide(image(1024, 768), image(1024, 768), 256), 128);
    // Not divisible: floor, so that sharp still decodes at 1/8 (1001 / 125 >= 8).
    assert.equal(previewSide(image(1001, 1001), image(1001, 1001), 256), 125);
  });

  it('reads no preview where it would cost as much, see too little, or cannot be compared', () => {
    // 2048 px: the analysis already decodes at 1/8.
    assert.equal(previewSide(image(2048, 2048), image(2048, 2048), 256), null);
    // 512x384: the thinnest band (5.8 px) is under 1/4's 4 + 2.
    assert.equal(previewSide(image(512, 384), image(512, 384), 256), null);
    // 256 px: decoded at full size either way, and bands of 3.8 px.
    assert.equal(previewSide(image(256, 256), image(256, 256), 256), null);
    // A PNG edit has no cheaper scaled decode.
    assert.equal(previewSide(image(1024, 1024), image(1024, 1024, 'png'), 256), null);
    // An edit of another size than its source.
    assert.equal(previewSide(image(1024, 768), image(1024, 1024), 256), null);
  });
});

describe('noWhiteBandPossible', () => {
  it('is false when half of some outermost line is near-white, by hand', () => {
    // 8x8, dark, with the right column's top 4 pixels at the near-white floor: 4 of 8 = the share.
    const edge = paintedRaster(8, 8, (x, y) =>
      x === 7 && y < 4 ? [PREVIEW_WHITE_MIN, 250, 250] : [40, 60, 80],
    );
    assert.equal(noWhiteBandPossible(edge), false);
  });

  it('is true when every outermost line is mostly darker than near-white', () => {
    // Three of 8 pixels of the right column near-white: under half. One channel under the floor
    // makes a pixel not near-white.
    const edge = paintedRaster(8, 8, (x, y) =>
      x === 7 && y < 3 ? [255, 255, 255] : x === 0 ? [255, 255, PREVIEW_WHITE_MIN - 1] : [40, 60, 80],
    );
    assert.equal(noWhiteBandPossible(edge), true);
  });
});

describe('previewSettles', () => {
  const grey = paintedRaster(32, 32, () => [100, 100, 100]);
  it('settles a clear change with no white edge', () => {
    // 16x16 grid of 2x2 cells; one cell +120 red: 120 / 765 = 0.157 > 0.04 x 2.5.
    const changed = paintedRaster(32, 32, (x, y) => (x < 2 && y < 2 ? [220, 100, 100] : [100, 100, 100]));
    assert.equal(previewSettles(grey, changed, 0.01), true);
  });

  it('leaves a change under the preview margin to the full path', () => {
    // +70 red in one cell: 70 / 765 = 0.092 < 0.1, and the frame shift (70 / 256 / 255) is tiny.
    const faint = paintedRaster(32, 32, (x, y) => (x < 2 && y < 2 ? [170, 100, 100] : [100, 100, 100]));
    assert.equal(previewSettles(grey, faint, 0.01), false);
  });

  it('settles a frame-wide shift past 1.5 x the near-copy limit, and not one under it', () => {
    const shifted = (levels: number) => paintedRaster(32, 32, () => [100 + levels, 100, 100]);
    // 0.01 x 1.5 = 3.8 levels: 4 levels pass, 3 do not.
    assert.equal(previewSettles(grey, shifted(4), 0.01), true);
    assert.equal(previewSettles(grey, shifted(3), 0.01), false);
  });

  it('leaves an edit with a near-white edge to the full path, changed or not', () => {
    const framed = paintedRaster(32, 32, (x, y) =>
      y === 0 ? [250, 250, 250] : x < 2 && y < 4 ? [220, 100, 100] : [100, 100, 100],
    );
    assert.equal(previewSettles(grey, framed, 0.01), false);
  });
});
