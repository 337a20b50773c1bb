import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { ImageTooLargeError, InvalidImageError } from '../core/index.js';
import { loadDataUrlBytes, loadImage } from './load.js';
import { photoLikeImage } from './photo-like.js';

let dir: string;
let jpeg: Buffer;
let png: Buffer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-load-'));
  jpeg = await photoLikeImage(320, 240).jpeg({ quality: 90 }).toBuffer();
  png = await photoLikeImage(320, 240).png().toBuffer();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Asserts that `promise` rejects with exactly `type` (not a subclass) and a message matching `pattern`. */
async function rejectsWith(promise: Promise<unknown>, type: typeof InvalidImageError, pattern: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal(error.constructor, type);
    assert.match(error.message, pattern);
    return true;
  });
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A well-formed PNG whose header claims width x height grey pixels but whose data holds one row. */
function claimedSizePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('loadImage: sources', () => {
  it('reads a path, a buffer, a Uint8Array and a data URL to the same image', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, jpeg);
    const expectedHash = createHash('sha256').update(jpeg).digest('hex');
    const fromPath = await loadImage(path);
    const fromBuffer = await loadImage(jpeg);
    const fromArray = await loadImage(new Uint8Array(jpeg));
    const fromDataUrl = await loadImage(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
    for (const image of [fromPath, fromBuffer, fromArray, fromDataUrl]) {
      assert.equal(image.hash, expectedHash);
      assert.equal(image.format, 'jpeg');
      assert.equal(image.width, 320);
      assert.equal(image.height, 240);
      assert.equal(image.vlmReady, true);
      assert.deepEqual(image.bytes, jpeg);
    }
    assert.equal(fromPath.origin, path);
    assert.equal(fromBuffer.origin, 'buffer');
    assert.equal(fromDataUrl.origin, 'data URL');
  });

  it('reads a data URL payload with line breaks or URL-safe letters to the same bytes', async () => {
    const payload = jpeg.toString('base64');
    const urlSafe = payload.replace(/\+/g, '-').replace(/\//g, '_');
    assert.notEqual(urlSafe, payload);
    for (const variant of [payload, payload.replace(/(.{76})/g, '$1\n'), urlSafe]) {
      const image = await loadImage(`data:image/jpeg;base64,${variant}`);
      assert.deepEqual(image.bytes, jpeg);
    }
  });

  it('returns a LoadedImage as it is', async () => {
    const image = await loadImage(png);
    assert.equal(await loadImage(image), image);
  });

  it('copies a buffer, so later writes to it do not change the image', async () => {
    const bytes = Buffer.from(png);
    const image = await loadImage(bytes);
    bytes.fill(0);
    assert.equal(image.hash, createHash('sha256').update(png).digest('hex'));
  });

  it('refuses a data URL that is not base64', async () => {
    await rejectsWith(loadImage('data:image/png,%89PNG'), InvalidImageError, /not base64/);
    await rejectsWith(loadImage('data:image/png;base64,@@@@'), InvalidImageError, /not valid base64/);
  });

  it('reads line-wrapped base64, and refuses one stray character deep in a payload', async () => {
    const text = jpeg.toString('base64');
    const wrapped = text.replace(/.{76}/g, '$&\r\n');
    const image = await loadImage(`data:image/jpeg;base64,${wrapped}`);
    assert.equal(image.hash, createHash('sha256').update(jpeg).digest('hex'));
    // At the byte limit: the line breaks make the text longer than its bytes, and do not count.
    const atLimit = await loadImage(`data:image/jpeg;base64,${wrapped}`, { maxBytes: jpeg.length });
    assert.equal(atLimit.hash, image.hash);
    await assert.rejects(
      loadImage(`data:image/jpeg;base64,${wrapped}`, { maxBytes: jpeg.length - 10 }),
      ImageTooLargeError,
    );
    const middle = text.length >> 1;
    const stray = `data:image/jpeg;base64,${text.slice(0, middle)}~${text.slice(middle + 1)}`;
    await rejectsWith(loadImage(stray), InvalidImageError, /not valid base64/);
    const early = `data:image/jpeg;base64,${text.slice(0, 400)}==${text.slice(402)}`;
    await rejectsWith(loadImage(early), InvalidImageError, /not valid base64/);
  });

  it('refuses URL schemes other than http(s), data and file', async () => {
    await rejectsWith(loadImage('ftp://example.com/a.png'), InvalidImageError, /unsupported URL scheme/);
  });
});

describe('loadImage: bad input', () => {
  it('refuses random bytes as not an image', async () => {
    const noise = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 97 + 13) % 251));
    await rejectsWith(loadImage(noise), InvalidImageError, /could not decode buffer: it is not an image/);
  });

  it('refuses a JPEG whose header is corrupt', async () => {
    const broken = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(400, 0x55)]);
    await rejectsWith(loadImage(broken), InvalidImageError, /could not decode buffer/);
  });

  it('refuses a truncated JPEG and a truncated PNG although their headers are intact', async () => {
    for (const [name, bytes] of [
      ['jpg', jpeg],
      ['png', png],
    ] as const) {
      const truncated = bytes.subarray(0, Math.floor(bytes.length * 0.6));
      // The header alone reads fine: only the completeness check can refuse these.
      assert.equal((await sharp(truncated).metadata()).width, 320);
      const path = join(dir, `truncated.${name}`);
      await writeFile(path, truncated);
      await rejectsWith(
        loadImage(path),
        InvalidImageError,
        /could not decode .*truncated.*: the file is truncated or corrupt/,
      );
    }
  });

  it('refuses an empty buffer and an empty file', async () => {
    await rejectsWith(loadImage(Buffer.alloc(0)), InvalidImageError, /buffer is empty \(0 bytes\)/);
    const path = join(dir, 'empty.png');
    await writeFile(path, '');
    await rejectsWith(loadImage(path), InvalidImageError, /empty\.png is empty/);
  });

  it('refuses a text file as not an image', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'this is not an image\n');
    await rejectsWith(loadImage(path), InvalidImageError, /notes\.txt: it is not an image .*PNG, JPEG/);
  });

  it('says so when the file is missing or a directory', async () => {
    await rejectsWith(loadImage(join(dir, 'missing.png')), InvalidImageError, /missing\.png: no such file/);
    await rejectsWith(loadImage(dir), InvalidImageError, /is a directory/);
  });

  it('refuses SVG, which sharp could render but we do not accept', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await rejectsWith(loadImage(svg), InvalidImageError, /svg is not supported/);
  });
});

describe('loadImage: limits', () => {
  it('refuses a decompression bomb by its header, before decoding', async () => {
    const bomb = claimedSizePng(20000, 20000);
    assert.ok(bomb.length < 200);
    // Its pixel data is one row: a decode would fail as corrupt, so this error proves it was not decoded.
    await rejectsWith(
      loadImage(bomb),
      ImageTooLargeError,
      /20000x20000 \(400000000 pixels\), over the 50000000-pixel limit/,
    );
  });

  it('refuses a real image over maxPixels and admits it under a higher limit', async () => {
    const big = await sharp(Buffer.alloc(3000 * 3000), { raw: { width: 3000, height: 3000, channels: 1 } })
      .png()
      .toBuffer();
    await rejectsWith(
      loadImage(big, { maxPixels: 4_000_000 }),
      ImageTooLargeError,
      /over the 4000000-pixel limit/,
    );
    assert.equal((await loadImage(big, { maxPixels: 9_000_000 })).width, 3000);
  });

  it('refuses bytes, files and data URLs over maxBytes', async () => {
    const maxBytes = jpeg.length - 1;
    await rejectsWith(loadImage(jpeg, { maxBytes }), ImageTooLargeError, /over the \d+-byte limit/);
    const path = join(dir, 'big.jpg');
    await writeFile(path, jpeg);
    await rejectsWith(loadImage(path, { maxBytes }), ImageTooLargeError, /big\.jpg is \d+ bytes/);
    const url = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    await rejectsWith(loadImage(url, { maxBytes }), ImageTooLargeError, /data URL is \d+ bytes/);
    assert.equal((await loadImage(jpeg, { maxBytes: jpeg.length })).width, 320);
  });

  it('ignores limits passed as undefined', async () => {
    assert.equal((await loadImage(jpeg, { maxBytes: undefined })).width, 320);
  });
});

describe('loadImage: formats and vlmReady', () => {
  const base = () => photoLikeImage(64, 48);
  const cases: [
    string,
    () => Promise<Buffer>,
    { format: string; vlmReady: boolean; width: number; height: number },
  ][] = [
    [
      '16-bit PNG',
      () => base().toColourspace('rgb16').png().toBuffer(),
      { format: 'png', vlmReady: false, width: 64, height: 48 },
    ],
    [
      'CMYK JPEG',
      () => base().toColourspace('cmyk').jpeg().toBuffer(),
      { format: 'jpeg', vlmReady: false, width: 64, height: 48 },
    ],
    [
      'greyscale JPEG',
      () => base().toColourspace('b-w').jpeg().toBuffer(),
      { format: 'jpeg', vlmReady: true, width: 64, height: 48 },
    ],
    [
      'greyscale PNG',
      () => base().toColourspace('b-w').png().toBuffer(),
      { format: 'png', vlmReady: true, width: 64, height: 48 },
    ],
    [
      'alpha PNG',
      () => base().ensureAlpha(0.5).png().toBuffer(),
      { format: 'png', vlmReady: false, width: 64, height: 48 },
    ],
    [
      'palette PNG',
      () => base().png({ palette: true }).toBuffer(),
      { format: 'png', vlmReady: true, width: 64, height: 48 },
    ],
    ['WebP', () => base().webp().toBuffer(), { format: 'webp', vlmReady: true, width: 64, height: 48 }],
    ['GIF', () => base().gif().toBuffer(), { format: 'gif', vlmReady: false, width: 64, height: 48 }],
    ['TIFF', () => base().tiff().toBuffer(), { format: 'tiff', vlmReady: false, width: 64, height: 48 }],
    [
      'EXIF-rotated JPEG (orientation 6)',
      () => base().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      { format: 'jpeg', vlmReady: false, width: 48, height: 64 },
    ],
  ];
  for (const [name, make, expected] of cases) {
    it(`loads a ${name}`, async () => {
      const image = await loadImage(await make());
      assert.deepEqual(
        { format: image.format, vlmReady: image.vlmReady, width: image.width, height: image.height },
        expected,
      );
    });
  }
});

describe('loadImage: remote URLs', () => {
  const url = 'https://images.example/photo.png';

  it('refuses a URL when remote loading is off, without fetching', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response(png);
    }) as typeof globalThis.fetch;
    await rejectsWith(loadImage(url, { fetch }), InvalidImageError, /remote images are turned off/);
    assert.equal(calls, 0);
  });

  it('loads through the injected fetch when allowed', async () => {
    const requested: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      requested.push(String(input));
      return new Response(png, { headers: { 'content-type': 'image/png' } });
    }) as typeof globalThis.fetch;
    const image = await loadImage(url, { allowRemote: true, fetch });
    assert.deepEqual(requested, [url]);
    assert.equal(image.origin, url);
    assert.equal(image.hash, createHash('sha256').update(png).digest('hex'));
  });

  it('reports an HTTP error status', async () => {
    const fetch = (async () => new Response('gone', { status: 404 })) as typeof globalThis.fetch;
    await rejectsWith(
      loadImage(url, { allowRemote: true, fetch }),
      InvalidImageError,
      /failed with HTTP 404/,
    );
  });

  it('stops reading a body that passes maxBytes, even without Content-Length', async () => {
    let pulled = 0;
    const fetch = (async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(1000));
          },
        }),
      )) as typeof globalThis.fetch;
    await rejectsWith(
      loadImage(url, { allowRemote: true, fetch, maxBytes: 5000 }),
      ImageTooLargeError,
      /more than 5000 bytes/,
    );
    assert.ok(pulled < 20, `read ${pulled} chunks of an endless body`);
  });

  it('refuses by Content-Length before reading the body', async () => {
    const fetch = (async () =>
      new Response(png, { headers: { 'content-length': '999999999' } })) as typeof globalThis.fetch;
    await rejectsWith(
      loadImage(url, { allowRemote: true, fetch }),
      ImageTooLargeError,
      /999999999 bytes \(Content-Length\)/,
    );
  });

  it('gives up after remoteTimeoutMs', async () => {
    const fetch = ((_input: string | URL | Request, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;
    await rejectsWith(
      loadImage(url, { allowRemote: true, fetch, remoteTimeoutMs: 30 }),
      InvalidImageError,
      /timed out after 30 ms/,
    );
  });
});

describe('loadImage from a file it has seen', () => {
  it('returns the same image for an unchanged file, and reads it again once the file changes', async () => {
    const path = join(dir, 'reloaded.jpg');
    await writeFile(path, jpeg);
    const first = await loadImage(path);
    assert.equal(await loadImage(path), first);
    await writeFile(path, png);
    const changed = await loadImage(path);
    assert.notEqual(changed.hash, first.hash);
    assert.equal(changed.format, 'png');
  });

  it('does not let an image admitted under loose limits through stricter ones', async () => {
    const path = join(dir, 'limits.jpg');
    await writeFile(path, jpeg);
    await loadImage(path);
    await rejectsWith(loadImage(path, { maxPixels: 100 }), ImageTooLargeError, /pixels/);
  });
});

describe('loadImage from the bytes of an image it loaded', () => {
  const dataUrl = () => `data:image/jpeg;base64,${jpeg.toString('base64')}`;

  it('returns that image for the bytes it holds, whether it came as a data URL, a file or a buffer', async () => {
    const fromUrl = await loadImage(dataUrl());
    assert.equal(await loadImage(fromUrl.bytes), fromUrl);
    const fromBuffer = await loadImage(Buffer.from(jpeg));
    assert.equal(await loadImage(fromBuffer.bytes), fromBuffer);
    const path = join(dir, 'own-bytes.jpg');
    await writeFile(path, jpeg);
    const fromFile = await loadImage(path);
    assert.equal(await loadImage(fromFile.bytes), fromFile);
  });

  it("loads a caller's own buffer afresh each time, since the caller may reuse it", async () => {
    const bytes = Buffer.from(jpeg);
    const first = await loadImage(bytes);
    const second = await loadImage(bytes);
    assert.notEqual(second, first);
    assert.notEqual(first.bytes, bytes);
    assert.equal(second.hash, first.hash);
  });

  it('does not let those bytes through limits stricter than the ones they were loaded under', async () => {
    const image = await loadImage(dataUrl());
    await rejectsWith(loadImage(image.bytes, { maxPixels: 100 }), ImageTooLargeError, /pixels/);
    await rejectsWith(loadImage(image.bytes, { maxBytes: 100 }), ImageTooLargeError, /bytes/);
  });
});

describe('loadDataUrlBytes', () => {
  const asBytes = (url: string) => Buffer.from(url, 'latin1');
  const standard = () => jpeg.toString('base64');

  it('loads what loadImage loads from the same URL as a string', async () => {
    const url = `data:image/jpeg;base64,${standard()}`;
    const [fromBytes, fromString] = await Promise.all([loadDataUrlBytes(asBytes(url)), loadImage(url)]);
    assert.deepEqual(
      [fromBytes.hash, fromBytes.format, fromBytes.width, fromBytes.height, fromBytes.vlmReady],
      [fromString.hash, fromString.format, fromString.width, fromString.height, fromString.vlmReady],
    );
    assert.ok(fromBytes.bytes.equals(jpeg));
    // Its own bytes: handing them back gives the same image.
    assert.equal(await loadImage(fromBytes.bytes), fromBytes);
  });

  it('reads the URL-safe alphabet, missing padding and spaces as the string loader does', async () => {
    const base64 = standard();
    const image = await loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${base64}`));
    for (const payload of [
      base64.replace(/\+/g, '-').replace(/\//g, '_'),
      `${base64}=`.replace(/=+$/, ''),
      `${base64.slice(0, 4000)} ${base64.slice(4000)}`,
    ]) {
      const loaded = await loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${payload}`));
      assert.equal(loaded.hash, image.hash, payload.slice(-20));
    }
  });

  it('refuses a raw control character, a header without base64 and an image over the limits', async () => {
    const base64 = standard();
    await rejectsWith(
      loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${base64.slice(0, 100)}\n${base64.slice(100)}`)),
      InvalidImageError,
      /control character/,
    );
    await rejectsWith(
      loadDataUrlBytes(asBytes(`data:image/jpeg,${base64}`)),
      InvalidImageError,
      /not base64/,
    );
    // In the header as in the base64, and before any other complaint about the URL.
    for (const url of [
      `data:\x01image/jpeg;base64,${base64}`,
      `data:image/jpeg;\nbase64,${base64}`,
      `data:image/jpeg\t,${base64}`,
      `data:image/jpeg\r${base64}`,
    ]) {
      await rejectsWith(loadDataUrlBytes(asBytes(url)), InvalidImageError, /control character/);
    }
    await rejectsWith(
      loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${base64}!`)),
      InvalidImageError,
      /not valid base64/,
    );
    await rejectsWith(
      loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${base64}`), { maxBytes: 1000 }),
      ImageTooLargeError,
      /bytes/,
    );
    await rejectsWith(
      loadDataUrlBytes(asBytes(`data:image/jpeg;base64,${base64}`), { maxPixels: 1000 }),
      ImageTooLargeError,
      /pixels/,
    );
  });
});
