import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../core/index.js';
import { DataUrl } from './data-url.js';

const expectedUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

describe('DataUrl', () => {
  it('writes the same base64 as Buffer#toString for every padding case and random bytes', () => {
    const rng = createRng(7);
    for (let length = 0; length < 64; length++) {
      const bytes = Buffer.from(Array.from({ length }, () => rng.int(0, 255)));
      const image = new DataUrl('image/jpeg', bytes);
      assert.equal(image.url, expectedUrl('image/jpeg', bytes), `length ${length}`);
      assert.equal(image.urlJson.toString('utf8'), JSON.stringify(image.url), `length ${length}`);
    }
  });

  it('covers every base64 digit (bytes 0-255 three times over)', () => {
    const bytes = Buffer.from(Array.from({ length: 768 }, (_, i) => (i * 7) % 256));
    assert.equal(new DataUrl('image/png', bytes).url, expectedUrl('image/png', bytes));
  });

  it('joins the base64 of pieces seamlessly in images larger than one piece (24 KB)', () => {
    const rng = createRng(11);
    const piece = 24 * 1024;
    const backing = Buffer.from(Array.from({ length: 3 * piece + 10 }, () => rng.int(0, 255)));
    for (const length of [piece - 1, piece, piece + 1, 2 * piece + 2, 3 * piece + 1]) {
      // A view that starts inside a larger buffer, as a decoded data URL's bytes may.
      const bytes = backing.subarray(5, 5 + length);
      assert.equal(
        new DataUrl('image/jpeg', bytes).url,
        expectedUrl('image/jpeg', bytes),
        `length ${length}`,
      );
    }
  });
});
