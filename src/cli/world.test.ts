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

test('world generate --mix weighs the failure modes; an unknown mode is a usage error naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-world-cli-'));
  try {
    const zero =
      'partial=0,leakage=0,wrong-target=0,insufficient-move=0,over-edit=0,hallucination=0,artifact=0,white-border=0,no-op=0';
    const run = await runCli([
      'world',
      'generate',
      '--out',
      dir,
      '--pairs',
      '6',
      '--size',
      '64',
      '--mix',
      `perfect=1,${zero}`,
    ]);
    assert.equal(run.code, 0, run.err);
    const pairs = (await readFile(join(dir, 'pairs.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Only perfect candidates: every two of them are equally good, so annotators (noise aside) say 'same'.
    for (const pair of pairs) assert.deepEqual(pair.failures, { a: 'perfect', b: 'perfect' });
    const bad = await runCli(['world', 'generate', '--out', dir, '--mix', 'bogus=1']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown failure mode "bogus"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
