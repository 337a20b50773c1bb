import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ReproduceResultsSchema } from '../rl/index.js';
import { runCli } from './cli-harness.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-reproduce-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('edit-r1 reproduce', () => {
  test('--quick runs every stage and writes results.json of the issue shape into --out, not docs/', async () => {
    const docsBefore = await readFile(new URL('../../docs/results.json', import.meta.url), 'utf8').catch(
      () => null,
    );
    const run = await runCli(['reproduce', '--quick', '--seed', '200', '--out', dir]);
    assert.equal(run.code, 0, run.err);
    const results = ReproduceResultsSchema.parse(
      JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')),
    );
    assert.deepEqual(Object.keys(results).sort(), ['editor', 'rrm']);
    assert.ok(results.rrm.sftAccuracy >= 0 && results.rrm.sftAccuracy <= 1);
    const md = await readFile(join(dir, 'RESULTS.md'), 'utf8');
    assert.match(md, /npx edit-r1 reproduce --seed 200 --quick/);
    assert.match(md, /\| GCPO improves the RRM beyond SFT \|/);
    for (const run of ['rrm-sft', 'rrm-gcpo', 'editor-grpo-rrm', 'editor-grpo-holistic'])
      assert.ok(await exists(join(dir, run, 'report.html')), `${run}/report.html`);
    assert.match(run.out, new RegExp(`wrote ${dir.replace(/[/\\]/g, '.')}.RESULTS\\.md`));
    const docsAfter = await readFile(new URL('../../docs/results.json', import.meta.url), 'utf8').catch(
      () => null,
    );
    assert.equal(docsAfter, docsBefore, '--quick changed docs/results.json');
  });

  test('a --seed that would evaluate on training data is refused', async () => {
    const run = await runCli(['reproduce', '--quick', '--seed', '12', '--out', join(dir, 'clash')]);
    assert.equal(run.code, 2);
    assert.match(run.err, /--seed 12 would evaluate on training data/);
  });
});
