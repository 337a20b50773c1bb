import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PairSchema, UsageError, createRng } from '../core/index.js';
import { makeWorld, preferenceOf } from './make-pairs.js';
import { writeWorld } from './write-world.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-world-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('makeWorld', () => {
  it('makes exactly the pairs asked, each between two candidates of one source', () => {
    const items = makeWorld({ pairs: 10, seed: 1 }, createRng(1));
    const pairs = items.flatMap((i) => i.pairs.map((p) => ({ ...p, item: i })));
    assert.equal(pairs.length, 10);
    for (const p of pairs) {
      const ids = p.item.candidates.map((c) => c.id);
      assert.ok(ids.includes(p.a) && ids.includes(p.b) && p.a !== p.b);
    }
    assert.equal(items.length, 4); // 3 pairs per source of 3 candidates: 3 + 3 + 3 + 1
  });

  it('prefers the higher oracle score, calling scores within the margin the same', () => {
    assert.equal(preferenceOf(7, 6.6, 0.5), 'same');
    assert.equal(preferenceOf(7, 6, 0.5), 'a');
    assert.equal(preferenceOf(2, 6, 0.5), 'b');
    const items = makeWorld({ pairs: 60, seed: 2, noise: 0 }, createRng(2));
    for (const item of items) {
      const score = new Map(item.candidates.map((c) => [c.id, c.oracle.score]));
      for (const p of item.pairs)
        assert.equal(p.preference, preferenceOf(score.get(p.a)!, score.get(p.b)!, 0.5));
    }
  });

  it('flips about `noise` of the preferences', () => {
    const items = makeWorld({ pairs: 2000, seed: 3, noise: 0.2, size: 64 }, createRng(3));
    const noisy = items.flatMap((i) => i.pairs).filter((p) => p.noisy).length / 2000;
    assert.ok(Math.abs(noisy - 0.2) < 0.03, String(noisy));
  });

  it('refuses bad options with a UsageError naming the field', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ pairs: 0 }, /pairs/],
      [{ size: 32 }, /size/],
      [{ size: 2000 }, /size/],
      [{ candidatesPerSource: 1 }, /candidatesPerSource/],
      [{ noise: 1.5 }, /noise/],
      [{ sameMargin: -1 }, /sameMargin/],
      [{ seed: 1.5 }, /seed/],
      [{ mix: { perfect: 1 } }, /mix\.no-op/],
    ];
    for (const [options, field] of bad) {
      assert.throws(
        () => makeWorld(options, createRng(0)),
        (e: unknown) => e instanceof UsageError && field.test(e.message),
        JSON.stringify(options),
      );
    }
  });
});

describe('writeWorld', () => {
  it('writes images, pairs.jsonl and world.jsonl, byte-identical for the same seed', async () => {
    const options = { pairs: 5, seed: 9, size: 64 };
    const [d1, d2] = [await tempDir(), await tempDir()];
    const r1 = await writeWorld(d1, options);
    const r2 = await writeWorld(d2, options);
    assert.deepEqual(r1, r2);
    assert.equal(r1.pairs, 5);
    const files = (await readdir(join(d1, 'images'))).sort();
    assert.equal(files.length, r1.images);
    for (const f of ['pairs.jsonl', 'world.jsonl', ...files.map((f) => `images/${f}`)]) {
      assert.ok((await readFile(join(d1, f))).equals(await readFile(join(d2, f))), f);
    }
    const lines = (await readFile(join(d1, 'pairs.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 5);
    for (const l of lines) {
      const pair = PairSchema.parse(JSON.parse(l));
      assert.ok(
        files.includes(pair.a.replace('images/', '')) && files.includes(pair.source.replace('images/', '')),
      );
      assert.equal(pair.principles?.length, 10);
      const extra = JSON.parse(l) as { oracle: { a: number }; failures: { a: string } };
      assert.equal(typeof extra.oracle.a, 'number');
      assert.equal(typeof extra.failures.a, 'string');
    }
    const world = (await readFile(join(d1, 'world.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; role: string });
    assert.equal(world.length, r1.images);
    assert.deepEqual(world.map((w) => `${w.id}.png`).sort(), files);
    const other = await tempDir();
    await writeWorld(other, { ...options, seed: 10 });
    assert.ok(!(await readFile(join(other, 'pairs.jsonl'))).equals(await readFile(join(d1, 'pairs.jsonl'))));
  });
});
