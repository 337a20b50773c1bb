import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidImageError, UsageError } from '../core/index.js';
import { loadImage } from './load.js';
import { photoLikeImage } from './photo-like.js';
import { VlmImageEncoder } from './vlm-encoder.js';
import type { EncodedImage } from './types.js';

/** The bytes and the header of what a data URL carries. */
async function decodeUrl(encoded: EncodedImage) {
  const match = /^data:([^;]+);base64,(.*)$/.exec(encoded.url);
  assert.ok(match, 'a base64 data URL');
  const bytes = Buffer.from(match[2]!, 'base64');
  return { mime: match[1], bytes, meta: await sharp(bytes).metadata() };
}

describe('VlmImageEncoder', () => {
  it('sends a VLM-ready image that fits as its original bytes', async () => {
    const bytes = await photoLikeImage(800, 600).jpeg({ quality: 80 }).toBuffer();
    const encoder = new VlmImageEncoder();
    const encoded = await encoder.encode(await loadImage(bytes));
    assert.equal(encoded.reencoded, false);
    assert.equal(encoded.url, `data:image/jpeg;base64,${bytes.toString('base64')}`);
    assert.deepEqual(
      [encoded.mime, encoded.width, encoded.height, encoded.byteLength],
      ['image/jpeg', 800, 600, bytes.length],
    );
    assert.deepEqual(encoder.stats, { hits: 0, misses: 0, passthrough: 1 });
  });

  it('sends a fitting image that came as a data URL, in standard or URL-safe base64, as standard base64', async () => {
    const bytes = await photoLikeImage(320, 240).jpeg({ quality: 80 }).toBuffer();
    const standard = bytes.toString('base64');
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');
    for (const payload of [standard, urlSafe]) {
      const encoded = await new VlmImageEncoder().encode(
        await loadImage(`data:image/jpeg;base64,${payload}`),
      );
      assert.equal(encoded.url, `data:image/jpeg;base64,${standard}`);
    }
  });

  it('base64-encodes a fitting image once: the same image again is a cache hit with the same URL', async () => {
    const image = await loadImage(await photoLikeImage(400, 300).jpeg({ quality: 80 }).toBuffer());
    const encoder = new VlmImageEncoder();
    const first = await encoder.encode(image);
    const again = await encoder.encode(image);
    assert.equal(again, first);
    assert.deepEqual(encoder.stats, { hits: 1, misses: 0, passthrough: 1 });
  });

  it('shrinks an image over maxSide and re-encodes it as JPEG', async () => {
    const image = await loadImage(await photoLikeImage(1000, 400).png().toBuffer());
    const encoded = await new VlmImageEncoder({ maxSide: 500 }).encode(image);
    const { mime, bytes, meta } = await decodeUrl(encoded);
    assert.equal(encoded.reencoded, true);
    assert.equal(mime, 'image/jpeg');
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 500, 200]);
    assert.deepEqual([encoded.width, encoded.height, encoded.byteLength], [500, 200, bytes.length]);
  });

  it('re-encodes images a VLM would misread: rotated, 16-bit, CMYK, transparent', async () => {
    const base = () => photoLikeImage(60, 40);
    const inputs = [
      base().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      base().toColourspace('rgb16').png().toBuffer(),
      base().toColourspace('cmyk').jpeg().toBuffer(),
      base().ensureAlpha(0.5).png().toBuffer(),
    ];
    const encoder = new VlmImageEncoder();
    for (const input of inputs) {
      const image = await loadImage(await input);
      const encoded = await encoder.encode(image);
      const { meta } = await decodeUrl(encoded);
      assert.equal(encoded.reencoded, true);
      assert.deepEqual(
        [meta.format, meta.space, meta.depth, meta.channels, meta.orientation, meta.width, meta.height],
        ['jpeg', 'srgb', 'uchar', 3, undefined, image.width, image.height],
      );
    }
    assert.deepEqual(encoder.stats, { hits: 0, misses: 4, passthrough: 0 });
  });

  it('serves a repeated image from its cache', async () => {
    const bytes = await photoLikeImage(64, 64, 2).toColourspace('rgb16').png().toBuffer();
    const encoder = new VlmImageEncoder();
    const first = await encoder.encode(await loadImage(bytes));
    // Another load of the same bytes: the cache is keyed by content, not by object.
    const second = await encoder.encode(await loadImage(bytes));
    assert.equal(second, first);
    assert.deepEqual(encoder.stats, { hits: 1, misses: 1, passthrough: 0 });
  });

  it('shares one encode among concurrent requests for the same image', async () => {
    const image = await loadImage(await photoLikeImage(1500, 900, 3).png().toBuffer());
    const encoder = new VlmImageEncoder();
    const results = await Promise.all([encoder.encode(image), encoder.encode(image), encoder.encode(image)]);
    assert.ok(results.every((r) => r === results[0]));
    assert.deepEqual(encoder.stats, { hits: 2, misses: 1, passthrough: 0 });
  });

  it('evicts beyond cacheEntries', async () => {
    const encoder = new VlmImageEncoder({ cacheEntries: 1 });
    const a = await loadImage(await photoLikeImage(40, 40, 4).toColourspace('rgb16').png().toBuffer());
    const b = await loadImage(await photoLikeImage(40, 40, 5).toColourspace('rgb16').png().toBuffer());
    await encoder.encode(a);
    await encoder.encode(b);
    await encoder.encode(a);
    assert.deepEqual(encoder.stats, { hits: 0, misses: 3, passthrough: 0 });
  });

  it('raises InvalidImageError for an undecodable image and does not cache the failure', async () => {
    const png = await photoLikeImage(64, 64, 6).toColourspace('rgb16').png().toBuffer();
    const garbled = Buffer.from(png);
    const data = png.indexOf('IDAT') + 10;
    garbled.fill(0x55, data, data + 20);
    const image = await loadImage(garbled);
    const encoder = new VlmImageEncoder();
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(encoder.encode(image), InvalidImageError);
    }
    assert.deepEqual(encoder.stats, { hits: 0, misses: 2, passthrough: 0 });
  });

  it('refuses options out of range', () => {
    assert.throws(() => new VlmImageEncoder({ quality: 0 }), UsageError);
    assert.throws(() => new VlmImageEncoder({ quality: 101 }), UsageError);
    assert.throws(() => new VlmImageEncoder({ maxSide: -1 }), UsageError);
    assert.throws(() => new VlmImageEncoder({ cacheEntries: 0.5 }), UsageError);
  });
});
