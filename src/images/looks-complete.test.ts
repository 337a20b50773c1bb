import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksComplete } from './looks-complete.js';
import { photoLikeImage } from './photo-like.js';

const baseline = await photoLikeImage(96, 64, 3).jpeg({ quality: 90 }).toBuffer();
const progressive = await photoLikeImage(96, 64, 4).jpeg({ quality: 90, progressive: true }).toBuffer();
const thumbnail = await photoLikeImage(16, 16, 5).jpeg({ quality: 80 }).toBuffer();

/** The JPEG with an APP1 segment holding a whole small JPEG (SOI..SOS..EOI), as EXIF thumbnails are. */
function withThumbnail(jpeg: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), thumbnail]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

describe('looksComplete for JPEG', () => {
  it('accepts whole files, baseline and progressive, with or without a thumbnail or trailing bytes', () => {
    for (const jpeg of [baseline, progressive, withThumbnail(baseline), withThumbnail(progressive)]) {
      assert.equal(looksComplete(jpeg, 'jpeg'), true);
    }
    assert.equal(looksComplete(Buffer.concat([baseline, Buffer.from('camera trailer')]), 'jpeg'), true);
  });

  it('refuses files cut anywhere in the scan data, also when a thumbnail carries its own end marker', () => {
    for (const jpeg of [baseline, progressive, withThumbnail(baseline), withThumbnail(progressive)]) {
      for (const keep of [0.3, 0.6, 0.9, 0.99]) {
        const cut = jpeg.subarray(0, Math.floor(jpeg.length * keep));
        assert.equal(looksComplete(cut, 'jpeg'), false, `${jpeg.length} bytes cut to ${cut.length}`);
      }
      assert.equal(looksComplete(jpeg.subarray(0, jpeg.length - 2), 'jpeg'), false);
    }
  });

  it('refuses bytes that are not a chain of JPEG segments', () => {
    assert.equal(looksComplete(Buffer.from([0xff, 0xd8, 0x12, 0x34, 0xff, 0xd9]), 'jpeg'), false);
    assert.equal(looksComplete(Buffer.from([0xff, 0xd8]), 'jpeg'), false);
  });
});
