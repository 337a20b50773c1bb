import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './cli-harness.js';

/** The score column of the summary row for an example, e.g. "│ no-op │ Make the red ball blue │ 0.0 │ ...". */
function scoreOf(table: string, example: string): number {
  const row = table.split('\n').find((line) => line.startsWith(`│ ${example} `));
  assert.ok(row, `no summary row for ${example}`);
  return Number(row.split('│')[3]);
}

test('examples --quiet prints the summary: no-op and white border at 0, the clean recolour above 5', async () => {
  const out = await mkdtemp(join(tmpdir(), 'edit-r1-examples-'));
  try {
    const run = await runCli(['examples', '--quiet', '--out', out]);
    assert.equal(run.code, 0, run.err);
    assert.equal(scoreOf(run.out, 'no-op'), 0);
    assert.equal(scoreOf(run.out, 'white-border'), 0);
    assert.ok(scoreOf(run.out, 'recolour') > 5, run.out);
    assert.match(run.out, /│ no-op .*│ near-identical +│/);
    assert.match(run.out, /│ white-border .*│ white-border +│/);
    // --quiet: no per-example verdict tables.
    assert.doesNotMatch(run.out, /Final score/);
    const written = await readdir(out);
    assert.ok(written.includes('recolour-source.jpg') && written.includes('recolour-edited.jpg'));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
