import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { readJpegHeader, type ImageHeader } from './jpeg-header.js';
import { photoLikeImage } from './photo-like.js';

/** The fields readJpegHeader reads, as sharp reports them. */
async function sharpHeader(bytes: Buffer): Promise<ImageHeader> {
  const m = await sharp(bytes).metadata();
  const read: ImageHeader = {
    format: m.format,
    width: m.width,
    height: m.height,
    depth: m.depth,
    space: m.space,
    hasAlpha: m.hasAlpha,
    autoOrient: m.autoOrient,
  };
  if (m.orientation !== undefined) read.orientation = m.orientation;
  return read;
}

/** A JPEG with an APP1 EXIF block inserted after the start of image: one IFD entry, orientation. */
function withHandMadeExif(jpeg: Buffer, order: 'II' | 'MM', orientation: number, type = 3): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const le = order === 'II';
  tiff.write(order, 0, 'latin1');
  view.setUint16(2, 42, le);
  view.setUint32(4, 8, le); // IFD0 right after the header
  view.setUint16(8, 1, le); // one entry
  view.setUint16(10, 0x0112, le);
  view.setUint16(12, type, le);
  view.setUint32(14, 1, le);
  view.setUint16(18, orientation, le);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, payload, jpeg.subarray(2)]);
}

describe('readJpegHeader', () => {
  it('reads what sharp reads from plain JPEGs: colour, grey, progressive, EXIF-rotated, with a profile', async () => {
    const image = () => photoLikeImage(120, 80, 3);
    const cases: [string, Buffer][] = [
      ['baseline', await image().jpeg({ quality: 90 }).toBuffer()],
      ['grey', await image().toColourspace('b-w').jpeg().toBuffer()],
      ['progressive', await image().jpeg({ progressive: true }).toBuffer()],
      ['4:4:4', await image().jpeg({ chromaSubsampling: '4:4:4' }).toBuffer()],
      ['orientation 6', await image().jpeg().withMetadata({ orientation: 6 }).toBuffer()],
      ['orientation 3', await image().jpeg().withMetadata({ orientation: 3 }).toBuffer()],
      ['display P3 profile', await image().jpeg().withIccProfile('p3').toBuffer()],
    ];
    const plain = await image().jpeg().toBuffer();
    cases.push(['hand-made EXIF, little-endian, 8', withHandMadeExif(plain, 'II', 8)]);
    cases.push(['hand-made EXIF, big-endian, 5', withHandMadeExif(plain, 'MM', 5)]);
    for (const [label, bytes] of cases) {
      const read = readJpegHeader(bytes);
      assert.ok(read, `${label}: read`);
      assert.deepEqual(read, await sharpHeader(bytes), label);
    }
    // The cases cover turned and upright images, so agreement is not agreement on one shape.
    assert.deepEqual(readJpegHeader(cases[4]![1])?.autoOrient, { width: 80, height: 120 });
    assert.equal(readJpegHeader(cases[1]![1])?.space, 'b-w');
  });

  it('leaves to sharp what is not a plain JPEG', async () => {
    const plain = await photoLikeImage(64, 48, 4).jpeg().toBuffer();
    const cases: [string, Buffer][] = [
      ['CMYK', await photoLikeImage(64, 48, 4).toColourspace('cmyk').jpeg().toBuffer()],
      ['PNG', await photoLikeImage(64, 48, 4).png().toBuffer()],
      ['empty', Buffer.alloc(0)],
      ['start of image only', plain.subarray(0, 2)],
      ['cut inside the headers', plain.subarray(0, 40)],
      [
        'garbage after the start of image',
        Buffer.concat([plain.subarray(0, 2), Buffer.from('not a marker')]),
      ],
      ['orientation 9', withHandMadeExif(plain, 'II', 9)],
      ['orientation stored as a LONG', withHandMadeExif(plain, 'II', 6, 4)],
      ['two EXIF blocks', withHandMadeExif(withHandMadeExif(plain, 'II', 6), 'II', 1)],
    ];
    for (const [label, bytes] of cases) assert.equal(readJpegHeader(bytes), null, label);
  });
});
