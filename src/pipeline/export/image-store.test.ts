import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidImageError } from '../../core/index.js';
import { createImageStore } from './image-store.js';
import { openStaging } from './staging.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'export-images-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const png = (r: number) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 0, b: 0 } } })
    .png()
    .toBuffer();
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function setUp() {
  const src = await tempDir();
  const out = await tempDir();
  await mkdir(join(out, 'images'));
  return { src, out, staging: await openStaging(out) };
}

describe('createImageStore', () => {
  it('copies by content hash and extension, storing shared bytes once', async () => {
    const { src, out, staging } = await setUp();
    const red = await png(255);
    const jpeg = await sharp(red).jpeg().toBuffer();
    await writeFile(join(src, 'a.png'), red);
    await writeFile(join(src, 'copy-of-a.PNG'), red);
    await writeFile(join(src, 'photo.jpeg'), jpeg);
    const store = createImageStore(out, 'copy', staging);
    const [a, again, aCopy, photo] = await Promise.all([
      store.place(join(src, 'a.png'), 'a'),
      store.place(join(src, 'a.png'), 'a'),
      store.place(join(src, 'copy-of-a.PNG'), 'copy'),
      store.place(join(src, 'photo.jpeg'), 'photo'),
    ]);
    assert.equal(a, `images/${sha(red)}.png`);
    assert.equal(again, a);
    assert.equal(aCopy, a);
    assert.equal(photo, `images/${sha(jpeg)}.jpg`);
    assert.deepEqual((await readFile(join(out, a))).compare(red), 0);
    assert.deepEqual((await readFile(join(out, photo))).compare(jpeg), 0);
    assert.equal((await readdir(join(out, 'images'))).length, 2);
    assert.deepEqual(store.stats(), { stored: 2, copied: 2, linked: 0, reused: 0 });
  });

  it('hard-links in link mode: the same file, no second copy of the bytes', async () => {
    const { src, out, staging } = await setUp();
    await writeFile(join(src, 'a.png'), await png(10));
    const store = createImageStore(out, 'link', staging);
    const placed = await store.place(join(src, 'a.png'), 'a');
    const [original, linked] = await Promise.all([stat(join(src, 'a.png')), stat(join(out, placed))]);
    assert.equal(linked.ino, original.ino);
    assert.equal(linked.nlink, 2);
    assert.deepEqual(store.stats(), { stored: 1, copied: 0, linked: 1, reused: 0 });
  });

  it('copies when the filesystem refuses a hard link (another device), and fails on other link errors', async () => {
    const { src, out, staging } = await setUp();
    const bytes = await png(20);
    await writeFile(join(src, 'a.png'), bytes);
    const crossDevice = Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    const store = createImageStore(out, 'link', staging, { link: () => Promise.reject(crossDevice) });
    const placed = await store.place(join(src, 'a.png'), 'a');
    assert.equal((await readFile(join(out, placed))).compare(bytes), 0);
    assert.equal((await stat(join(out, placed))).nlink, 1);
    assert.deepEqual(store.stats(), { stored: 1, copied: 1, linked: 0, reused: 0 });

    const full = Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' });
    const failing = createImageStore(await tempDir(), 'link', staging, { link: () => Promise.reject(full) });
    await assert.rejects(failing.place(join(src, 'a.png'), 'a'), /ENOSPC/);
  });

  it('copies for real across devices (a source on tmpfs, the export on disk)', async (t) => {
    const shm = await mkdtemp('/dev/shm/export-images-').catch(() => undefined);
    if (shm === undefined) return t.skip('no /dev/shm on this machine to stand for another device');
    dirs.push(shm);
    const out = await tempDir();
    if ((await stat(shm)).dev === (await stat(out)).dev)
      return t.skip('/dev/shm and the temp folder are one device here');
    await mkdir(join(out, 'images'));
    const bytes = await png(40);
    await writeFile(join(shm, 'a.png'), bytes);
    const store = createImageStore(out, 'link', await openStaging(out));
    const placed = await store.place(join(shm, 'a.png'), 'a');
    assert.deepEqual(store.stats(), { stored: 1, copied: 1, linked: 0, reused: 0 });
    assert.equal((await readFile(join(out, placed))).compare(bytes), 0);
  });

  it('reuses an image already in the folder with the right size, and rewrites a truncated one', async () => {
    const { src, out, staging } = await setUp();
    const bytes = await png(30);
    await writeFile(join(src, 'a.png'), bytes);
    const name = `images/${sha(bytes)}.png`;
    await createImageStore(out, 'copy', staging).place(join(src, 'a.png'), 'a');
    const second = createImageStore(out, 'copy', staging);
    await second.place(join(src, 'a.png'), 'a');
    assert.deepEqual(second.stats(), { stored: 1, copied: 0, linked: 0, reused: 1 });

    await writeFile(join(out, name), bytes.subarray(0, 10));
    const third = createImageStore(out, 'copy', staging);
    await third.place(join(src, 'a.png'), 'a');
    assert.equal(third.stats().copied, 1);
    assert.equal((await readFile(join(out, name))).compare(bytes), 0);
  });

  it('rejects a missing file and a file that is not an image, naming what it was for', async () => {
    const { src, out, staging } = await setUp();
    await writeFile(join(src, 'notes.png'), 'just text');
    const store = createImageStore(out, 'copy', staging);
    await assert.rejects(store.place(join(src, 'gone.png'), 'quadruple q1: source image'), (e: unknown) => {
      assert.ok(e instanceof InvalidImageError);
      assert.match(e.message, /quadruple q1: source image: cannot read .*gone\.png \(ENOENT\)/);
      return true;
    });
    await assert.rejects(store.place(join(src, 'notes.png'), 'quadruple q2: edited image'), (e: unknown) => {
      assert.ok(e instanceof InvalidImageError);
      assert.match(e.message, /quadruple q2: edited image .*notes\.png\) is not a PNG, JPEG/);
      return true;
    });
  });
});
