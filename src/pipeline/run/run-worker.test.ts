import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../core/index.js';
import type { CandidateResult, SelectedRow, StageCounts } from '../types.js';
import { exportRun } from './export-run.js';
import { openRun } from './open-run.js';
import { planAll } from './plan-all.js';
import { offlineParts, writeRunConfig } from './run-test-helpers.js';
import { runStatus } from './run-status.js';
import { runWorker } from './run-worker.js';

const offline = {
  ...offlineParts,
  backends: { embedded: { type: 'embedded' }, noisy: { type: 'embedded-noisy', flip: 0.3, seed: 3 } },
  tracePool: [
    { backend: 'embedded', temperature: 0 },
    { backend: 'noisy', promptVariant: 'strict', temperature: 1, n: 2 },
  ],
  verifier: { type: 'oracle' },
  select: { minAccuracy: 0.6 },
};

const done = (counts: readonly StageCounts[]) => Object.fromEntries(counts.map((c) => [c.stage, c.done]));

describe('runWorker, offline on EditWorld', () => {
  test('finishes with every stage as the config says, exports one row per quadruple, and a rerun does nothing', async (t) => {
    const path = await writeRunConfig(t, offline);
    const run = await openRun(path);
    t.after(() => run.close());
    const updates: StageCounts[][] = [];
    const summary = await runWorker(run, {
      idlePollMs: 20,
      progress: { update: (c) => updates.push(c), stop: () => updates.push([]) },
    });

    // 2 inputs x 2 candidates = 4 quadruples (their images differ), x (1 + 2) traces each.
    const candidates = (await run.store.done('candidate')).map((u) => (u.result as CandidateResult).sha256);
    assert.equal(new Set(candidates).size, 4);
    const expected = { decompose: 2, candidate: 4, trace: 12, verify: 4, select: 4 };
    assert.deepEqual(done(summary.counts), expected);
    assert.ok(summary.counts.every((c) => c.pending + c.running + c.failed === 0));
    assert.equal(summary.completed, 2 + 4 + 12 + 4 + 4);
    assert.deepEqual(summary.failed + summary.released, 0);
    assert.deepEqual(updates.at(-1), [], 'progress is stopped last');
    assert.deepEqual(done(updates.at(-2)!), expected);

    const status = await runStatus(run);
    assert.deepEqual(status.failures, []);
    assert.deepEqual(status.usage, []);
    const rows = (await run.store.done('select')).map((u) => u.result as SelectedRow);
    const below = rows.filter((r) => r.accuracy < 0.6).length;
    assert.deepEqual(status.quadruples, { total: 4, selected: 4, noTrace: 0, belowMinAccuracy: below });
    for (const row of rows) {
      assert.equal(row.traceAccuracies.length, 3);
      assert.equal(row.accuracy, Math.max(...row.traceAccuracies));
    }

    const out = join(path, '..', 'sft');
    const exported = await exportRun(run, { format: 'jsonl', outDir: out });
    assert.equal(exported.kept, 4 - below);
    assert.equal(exported.leftOut.belowMinAccuracy, below);
    const lines = (await readFile(join(out, 'rows.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 4 - below);

    // A second worker on the same store plans nothing and makes nothing.
    assert.equal(await planAll(run), 0);
    const again = await runWorker(run, { idlePollMs: 20 });
    assert.deepEqual(again.counts, summary.counts);
    assert.deepEqual([again.completed, again.failed, again.released], [0, 0, 0]);

    // The same run opened afresh (another process) resumes it: nothing to add.
    const reopened = await openRun(path);
    t.after(() => reopened.close());
    assert.equal(await planAll(reopened), 0);
  });

  test('a store made by another config is refused, naming what to do', async (t) => {
    const path = await writeRunConfig(t, offline);
    const first = await openRun(path);
    await first.close();
    const other = await writeRunConfig(t, { ...offline, seed: 2 });
    await assert.rejects(
      openRun(other, { store: `sqlite:${join(path, '..', 'store.sqlite')}` }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /belongs to another config/);
        assert.match(error.message, /--store/);
        return true;
      },
    );
  });

  test('a config that renamed a backend with unfinished units is refused (they would never be claimed)', async (t) => {
    const path = await writeRunConfig(t, offline);
    const run = await openRun(path);
    await run.store.enqueue([{ key: 'k', stage: 'trace', inputId: 's0001', resource: 'noisy', payload: {} }]);
    await run.close();
    const renamed = await writeRunConfig(t, {
      ...offline,
      backends: { embedded: { type: 'embedded' }, noisy2: { type: 'embedded-noisy', flip: 0.3, seed: 3 } },
      tracePool: [offline.tracePool[0], { ...offline.tracePool[1], backend: 'noisy2' }],
    });
    await assert.rejects(
      openRun(renamed, { store: `sqlite:${join(path, '..', 'store.sqlite')}` }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /unfinished units for backends 'noisy'/);
        return true;
      },
    );
  });

  test('an abort stops the worker early; the next worker finishes the run', async (t) => {
    const path = await writeRunConfig(t, offline);
    const run = await openRun(path);
    t.after(() => run.close());
    const controller = new AbortController();
    const first = await runWorker(run, {
      idlePollMs: 20,
      signal: controller.signal,
      progress: {
        // The first update comes once the first units are claimed: stop there.
        update: () => controller.abort(),
        stop: () => {},
      },
    });
    assert.ok(
      first.counts.some((c) => c.pending > 0),
      'work was left',
    );
    assert.ok(
      first.counts.every((c) => c.running === 0),
      'nothing is left held',
    );
    const second = await runWorker(run, { idlePollMs: 20 });
    assert.deepEqual(done(second.counts), { decompose: 2, candidate: 4, trace: 12, verify: 4, select: 4 });
    assert.equal(first.completed + second.completed, 26);
  });
});
