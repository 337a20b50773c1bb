import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { InvalidImageError } from '../core/index.js';
import { imageDigest } from './image-digest.js';

test('one picture keys the same by path, file URL or data URL; a missing file is an image error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-digest-'));
  try {
    const bytes = Buffer.from('any bytes at all');
    const file = join(dir, 'x.png');
    await writeFile(file, bytes);
    const byPath = await imageDigest(file);
    assert.match(byPath, /^[0-9a-f]{64}$/);
    assert.equal(await imageDigest(pathToFileURL(file).href), byPath);
    assert.equal(await imageDigest(`data:image/png;base64,${bytes.toString('base64')}`), byPath);
    assert.notEqual(await imageDigest('https://example.org/x.png'), byPath);
    await assert.rejects(imageDigest(join(dir, 'gone.png')), (error: unknown) => {
      assert.ok(error instanceof InvalidImageError);
      assert.match(error.message, /cannot read image .*gone\.png \(ENOENT\)/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
