import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeLoads, runLoad, type LoadResult } from './server-load.js';
import { mergeSnapshots } from './server-process.js';

function part(latencyMs: number[], fields: Partial<LoadResult>, failedJobs = 0): LoadResult {
  return {
    requests: latencyMs.length,
    edits: 0,
    failed: 0,
    firstError: null,
    wallMs: 0,
    editsPerSecond: 0,
    requestsPerSecond: 0,
    latencyMs: { p50: NaN, p99: NaN, max: NaN },
    outsideJudgeMs: null,
    clientCpuMsPerEdit: 0,
    machineBusy: null,
    samples: {
      latencyMs,
      outsideJudgeMs: latencyMs.map((ms) => ms / 10),
      latencyByJob: [...latencyMs, ...Array<null>(failedJobs).fill(null)],
    },
    ...fields,
  };
}

test('mergeLoads adds counts and times, weighs shares by time and takes percentiles over every request', () => {
  const merged = mergeLoads([
    part([1, 2, 3], { edits: 48, wallMs: 100, clientCpuMsPerEdit: 1, machineBusy: 0.5 }),
    part(
      [10, 20],
      {
        edits: 32,
        wallMs: 300,
        clientCpuMsPerEdit: 2,
        machineBusy: 0.1,
        failed: 1,
        firstError: 'x',
      },
      1,
    ),
  ]);
  assert.equal(merged.requests, 5);
  assert.equal(merged.edits, 80);
  assert.equal(merged.failed, 1);
  assert.equal(merged.firstError, 'x');
  assert.equal(merged.wallMs, 400);
  assert.equal(merged.editsPerSecond, 200);
  assert.equal(merged.requestsPerSecond, 12.5);
  // (48 x 1 + 32 x 2) / 80 and (0.5 x 100 + 0.1 x 300) / 400.
  assert.equal(merged.clientCpuMsPerEdit, 1.4);
  assert.equal(merged.machineBusy, 0.2);
  // Nearest rank over 1, 2, 3, 10, 20: the 3rd and the 5th.
  assert.deepEqual(merged.latencyMs, { p50: 3, p99: 20, max: 20 });
  assert.deepEqual(merged.outsideJudgeMs, { p50: 0.3, p99: 2 });
  // Jobs by index, part after part, the failed one kept as a gap so that paths still pair up.
  assert.deepEqual(merged.samples.latencyByJob, [1, 2, 3, 10, 20, null]);
  assert.equal(
    mergeLoads([part([5], { machineBusy: 0.3, wallMs: 1 }), part([6], { wallMs: 1 })]).machineBusy,
    null,
  );
});

test("runLoad keeps each job's latency at its index, a failed job as null", async () => {
  const result = await runLoad(2, 4, async (job) => {
    if (job === 1) throw new Error('refused');
    return { latencyMs: 100 + job, edits: 16 };
  });
  assert.deepEqual(result.samples.latencyByJob, [100, null, 102, 103]);
  assert.equal(result.failed, 1);
  assert.equal(result.firstError, 'refused');
  assert.equal(result.edits, 48);
});

test('mergeSnapshots adds CPU, weighs the loop by time and keeps the largest resident sets', () => {
  const snapshot = (cpuMs: number, loopBusy: number, rss: number) => ({
    cpuMs,
    loopBusy,
    rssPeakBytes: rss,
    maxRssBytes: rss * 2,
  });
  assert.deepEqual(
    mergeSnapshots([
      { snapshot: snapshot(10, 0.2, 100), wallMs: 100 },
      { snapshot: snapshot(30, 0.6, 300), wallMs: 300 },
    ]),
    // (0.2 x 100 + 0.6 x 300) / 400.
    { cpuMs: 40, loopBusy: 0.5, rssPeakBytes: 300, maxRssBytes: 600 },
  );
});
