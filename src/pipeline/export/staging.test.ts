import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStaging, STAGING_DIR } from './staging.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'export-staging-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('openStaging', () => {
  it('writes text made of many pieces whole, then leaves no staging folder behind', async () => {
    const out = await tempDir();
    const staging = await openStaging(out);
    const pieces = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'x'.repeat(50)}\n`);
    await staging.writeText(join(out, 'big.txt'), pieces);
    await staging.close();
    assert.equal(await readFile(join(out, 'big.txt'), 'utf8'), pieces.join(''));
    assert.deepEqual(await readdir(out), ['big.txt']);
  });

  it('leaves the old file untouched when writing fails midway (as a killed export would)', async () => {
    const out = await tempDir();
    await writeFile(join(out, 'data.json'), 'old');
    const staging = await openStaging(out);
    function* failing() {
      yield 'x'.repeat(2 << 20); // past one chunk, so part of the new text reached the disk
      throw new Error('killed');
    }
    await assert.rejects(staging.writeText(join(out, 'data.json'), failing()), /killed/);
    assert.equal(await readFile(join(out, 'data.json'), 'utf8'), 'old');
  });

  it('removes what a killed export left in the staging folder', async () => {
    const out = await tempDir();
    await mkdir(join(out, STAGING_DIR));
    await writeFile(join(out, STAGING_DIR, '0'), 'half a file');
    const staging = await openStaging(out);
    assert.deepEqual(await readdir(join(out, STAGING_DIR)), []);
    await staging.close();
  });
});
