import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './cli-harness.js';

test('demo writes a world, benches the embedded judge on it, shows one verdict and writes the report', async () => {
  const out = await mkdtemp(join(tmpdir(), 'edit-r1-demo-'));
  try {
    const run = await runCli(['demo', '--out', out, '--pairs', '12', '--seed', '5']);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /EditWorld: 12 pairs over \d+ images/);
    assert.match(run.out, /Accuracy \(strict\): \d+\.\d%/);
    assert.match(run.out, /Pair p\d+ \([a-z_-]+\): ".+"; the oracle preferred [ab]/);
    assert.match(run.out, /Final score/);
    assert.match(run.out, /Report: .*report\.html/);
    await access(join(out, 'report.html'));
    await access(join(out, 'world', 'pairs.jsonl'));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
