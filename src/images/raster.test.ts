import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidImageError, UsageError } from '../core/index.js';
import { loadImage } from './load.js';
import { photoLikeImage } from './photo-like.js';
import { decodeRaster } from './raster.js';
import type { Raster } from './types.js';

const solid = (width: number, height: number, r: number, g: number, b: number) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } });

function pixel(raster: Raster, x: number, y: number): number[] {
  const p = (y * raster.width + x) * 3;
  return Array.from(raster.data.subarray(p, p + 3));
}

function assertNear(actual: number[], expected: number[], tolerance: number, what: string) {
  actual.forEach((value, i) =>
    assert.ok(
      Math.abs(value - expected[i]!) <= tolerance,
      `${what}: got [${actual}], expected ~[${expected}]`,
    ),
  );
}

describe('decodeRaster', () => {
  it('applies EXIF orientation 6: the raster is upright', async () => {
    // Stored 40x20, red on the left, blue on the right. Orientation 6 means "turn 90 degrees clockwise
    // to display", so the stored left edge becomes the top: red above, blue below, 20x40.
    const stored = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#0000ff' } })
      .composite([{ input: await solid(20, 20, 255, 0, 0).png().toBuffer(), left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await loadImage(stored);
    assert.deepEqual([image.width, image.height], [20, 40]);
    const raster = await decodeRaster(image, 256);
    assert.deepEqual([raster.width, raster.height, raster.data.length], [20, 40, 20 * 40 * 3]);
    assertNear(pixel(raster, 10, 5), [255, 0, 0], 10, 'top');
    assertNear(pixel(raster, 10, 35), [0, 0, 255], 10, 'bottom');
  });

  it('converts 16-bit, CMYK, greyscale and palette images to 8-bit RGB', async () => {
    const base = () => solid(16, 16, 200, 50, 20);
    const inputs = {
      '16-bit': await base().toColourspace('rgb16').png().toBuffer(),
      cmyk: await base().toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer(),
      palette: await base().png({ palette: true }).toBuffer(),
    };
    for (const [name, bytes] of Object.entries(inputs)) {
      const raster = await decodeRaster(await loadImage(bytes), 64);
      assert.equal(raster.data.length, 16 * 16 * 3, name);
      // CMYK round-trips through an ICC transform, so it lands near, not on, the colour.
      assertNear(pixel(raster, 8, 8), [200, 50, 20], name === 'cmyk' ? 25 : 2, name);
    }
    const grey = await decodeRaster(await loadImage(await base().toColourspace('b-w').png().toBuffer()), 64);
    assert.equal(grey.data.length, 16 * 16 * 3);
    const [r, g, b] = pixel(grey, 3, 3);
    assert.ok(r === g && g === b && r! > 50 && r! < 150, `grey pixel ${[r, g, b]}`);
  });

  it('flattens alpha onto white', async () => {
    const transparent = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const halfRed = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    assert.deepEqual(pixel(await decodeRaster(await loadImage(transparent), 64), 4, 4), [255, 255, 255]);
    assertNear(pixel(await decodeRaster(await loadImage(halfRed), 64), 4, 4), [255, 128, 128], 2, 'half red');
  });

  it('shrinks to maxSide on the longest side and never enlarges', async () => {
    const image = await loadImage(await photoLikeImage(1000, 500).jpeg().toBuffer());
    const small = await decodeRaster(image, 256);
    assert.deepEqual([small.width, small.height], [256, 128]);
    const full = await decodeRaster(image, 4000);
    assert.deepEqual([full.width, full.height], [1000, 500]);
  });

  it('caches by content and size, and shares one decode among concurrent callers', async () => {
    const bytes = await photoLikeImage(300, 200, 7).png().toBuffer();
    const [a, b] = await Promise.all([
      decodeRaster(await loadImage(bytes), 128),
      decodeRaster(await loadImage(bytes), 128),
    ]);
    assert.equal(a, b);
    assert.equal(await decodeRaster(await loadImage(bytes), 128), a);
    assert.notEqual(await decodeRaster(await loadImage(bytes), 64), a);
  });

  it('raises InvalidImageError for pixels that cannot be decoded', async () => {
    // loadImage checks the header and the end of the stream; a file garbled in between passes it,
    // and the decode must then fail cleanly.
    const png = await photoLikeImage(64, 64, 3).png().toBuffer();
    const garbled = Buffer.from(png);
    const data = png.indexOf('IDAT') + 10;
    garbled.fill(0x55, data, data + 20);
    const image = await loadImage(garbled);
    assert.equal(image.width, 64);
    await assert.rejects(decodeRaster(image, 128), (error: unknown) => {
      assert.ok(error instanceof InvalidImageError);
      assert.match(error.message, /could not decode buffer: the file is truncated or corrupt/);
      return true;
    });
  });

  it('refuses a maxSide that is not a positive integer', async () => {
    const image = await loadImage(await solid(4, 4, 1, 2, 3).png().toBuffer());
    await assert.rejects(decodeRaster(image, 0), UsageError);
    await assert.rejects(decodeRaster(image, 1.5), UsageError);
  });
});
