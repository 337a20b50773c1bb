import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { writeEditSet } from './edit-set.js';

test('an edit set is reproducible from its seed, and every edit differs from its source and siblings', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'edit-set-test-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const spec = { prefix: 'e', sources: 4, editsPerSource: 3, side: 64, quality: 90, seed: 7 };
  const a = await writeEditSet({ ...spec, dir: root });
  const again = await mkdtemp(join(root, 'again-'));
  const b = await writeEditSet({ ...spec, dir: again });

  assert.equal(a.tasks.length, 4);
  for (const [i, task] of a.tasks.entries()) {
    assert.equal(task.edits.length, 3);
    assert.equal(task.instruction, b.tasks[i]!.instruction);
    const files = await Promise.all([task.source, ...task.edits].map((path) => readFile(path)));
    const meta = await sharp(files[0]!).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 64, 64]);
    const twin = await readFile(b.tasks[i]!.source);
    assert.ok(files[0]!.equals(twin), 'the same seed paints the same source');
    const distinct = new Set(files.map((f) => f.toString('base64')));
    assert.equal(distinct.size, files.length, 'no edit is a copy of its source or of a sibling');
  }
});
