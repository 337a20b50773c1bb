import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PairSchema } from '../core/index.js';
import { runCli } from './cli-harness.js';

test('world generate writes images, pairs.jsonl and world.jsonl, byte-identical for one seed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-world-cli-'));
  try {
    const args = (out: string) => [
      'world',
      'generate',
      '--out',
      out,
      '--pairs',
      '5',
      '--size',
      '64',
      '--seed',
      '3',
    ];
    const first = await runCli(args(join(dir, 'a')));
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^wrote 5 pairs over \d+ images to /);
    const second = await runCli(args(join(dir, 'b')));
    assert.equal(second.code, 0, second.err);
    const pairs = await readFile(join(dir, 'a', 'pairs.jsonl'), 'utf8');
    assert.equal(pairs, await readFile(join(dir, 'b', 'pairs.jsonl'), 'utf8'));
    assert.equal(
      await readFile(join(dir, 'a', 'world.jsonl'), 'utf8'),
      await readFile(join(dir, 'b', 'world.jsonl'), 'utf8'),
    );
    const lines = pairs
      .trim()
      .split('\n')
      .map((line) => PairSchema.parse(JSON.parse(line)));
    assert.equal(lines.length, 5);
    const images = new Set(await readdir(join(dir, 'a', 'images')));
    for (const pair of lines) {
      for (const ref of [pair.source, pair.a, pair.b])
        assert.ok(images.has(ref.replace(/^images\//, '')), ref);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('world generate refuses a size outside 64-1024 with a usage error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-world-cli-'));
  try {
    const run = await runCli(['world', 'generate', '--out', dir, '--size', '32']);
    assert.equal(run.code, 2);
    assert.match(run.err, /size/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
