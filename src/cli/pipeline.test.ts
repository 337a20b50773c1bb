import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { LlamaFactoryDataSchema, openStore, SwiftLineSchema, type RunStatus } from '../pipeline/index.js';
import { pipelineStandIn, startStandIn } from '../testing/index.js';
import { runCli } from './cli-harness.js';

const OFFLINE_EXAMPLE = new URL('../../examples/pipeline/offline.yaml', import.meta.url);

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-pipeline-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A small offline run: 3 EditWorld inputs, 2 candidates each, the embedded judge and a noisy one. */
async function writeOfflineConfig(dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const config = {
    store: 'sqlite:store.sqlite',
    workDir: 'run',
    inputs: { editworld: { seed: 3, sources: 3, size: 64 } },
    backends: { embedded: { type: 'embedded' }, noisy: { type: 'embedded-noisy', flip: 0.2, seed: 1 } },
    decomposer: { type: 'given' },
    candidates: [{ name: 'world', type: 'editworld', perInput: 2 }],
    tracePool: [
      { backend: 'embedded', temperature: 0 },
      { backend: 'noisy', promptVariant: 'strict', temperature: 1, n: 2 },
    ],
    verifier: { type: 'oracle' },
    seed: 2,
    ...extra,
  };
  const path = join(dir, 'run.yaml');
  await writeFile(path, JSON.stringify(config));
  return path;
}

function parseStatus(out: string): RunStatus {
  return JSON.parse(out) as RunStatus;
}

test('pipeline init, run, status --json and export: an offline run from config to dataset', async (t) => {
  const dir = await tempDir(t);
  const config = await writeOfflineConfig(dir);

  const init = await runCli(['pipeline', 'init', '--config', config]);
  assert.equal(init.code, 0, init.err);
  assert.match(init.out, /planned [1-9]\d* new unit\(s\) over 3 inputs/);
  const before = parseStatus((await runCli(['pipeline', 'status', '--config', config, '--json'])).out);
  const total = (s: RunStatus, key: 'pending' | 'done') => s.stages.reduce((n, c) => n + c[key], 0);
  assert.ok(total(before, 'pending') > 0);
  assert.equal(total(before, 'done'), 0);

  const run = await runCli(['pipeline', 'run', '--config', config]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^run: 3 inputs, 1 candidate source\(s\), 2 trace-pool member\(s\)/);
  assert.match(run.out, /finished in [\d.]+ s: [1-9]\d* units completed, \d+ failed/);

  const status = await runCli(['pipeline', 'status', '--config', config, '--json']);
  assert.equal(status.code, 0, status.err);
  const after = parseStatus(status.out);
  for (const c of after.stages) assert.equal(c.pending + c.running, 0, c.stage);
  // The embedded judges leave some principles of some edits unverified: those traces fail for good, by reason.
  for (const f of after.failures) assert.deepEqual([f.stage, f.reason], ['trace', 'unverifiable']);
  // 3 inputs x 2 candidates; each distinct edited image is a quadruple with 1 + 2 traces, then a verify
  // and a select unless every trace failed.
  const stage = (name: string) => after.stages.find((c) => c.stage === name)!;
  const q = after.quadruples;
  assert.ok(q.total >= 3 && q.total <= 6, `${q.total} quadruples`);
  assert.deepEqual(
    [stage('decompose').done, stage('candidate').done, stage('trace').done + stage('trace').failed],
    [3, 6, 3 * q.total],
  );
  assert.equal(stage('verify').done, q.total - q.noTrace);
  assert.equal(stage('select').done, q.selected);
  assert.equal(q.selected, q.total - q.noTrace);

  const table = await runCli(['pipeline', 'status', '--config', config]);
  assert.equal(table.code, 0, table.err);
  const trace = stage('trace');
  assert.match(
    table.out,
    new RegExp(`trace\\s*│\\s*0\\s*│\\s*0\\s*│\\s*${trace.done}\\s*│\\s*${trace.failed}\\s*│`),
  );

  const out = join(dir, 'sft');
  const exported = await runCli([
    'pipeline',
    'export',
    '--config',
    config,
    '--format',
    'llamafactory',
    '--out',
    out,
  ]);
  assert.equal(exported.code, 0, exported.err);
  const data = LlamaFactoryDataSchema.parse(JSON.parse(await readFile(join(out, 'data.json'), 'utf8')));
  assert.equal(data.length, q.selected - q.belowMinAccuracy);
  assert.match(exported.out, new RegExp(`^exported ${data.length} quadruples as llamafactory`));

  const swift = join(dir, 'swift');
  const second = await runCli([
    'pipeline',
    'export',
    '--config',
    config,
    '--format',
    'swift',
    '--out',
    swift,
  ]);
  assert.equal(second.code, 0, second.err);
  const lines = (await readFile(join(swift, 'train.jsonl'), 'utf8')).trim().split('\n');
  assert.equal(lines.map((line) => SwiftLineSchema.parse(JSON.parse(line))).length, data.length);

  // A rerun of a finished run does nothing.
  const again = await runCli(['pipeline', 'run', '--config', config]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /finished in [\d.]+ s: 0 units completed, 0 failed/);
});

test('--store overrides the config: the run lives where the flag says', async (t) => {
  const dir = await tempDir(t);
  const config = await writeOfflineConfig(dir);
  const url = `sqlite:${join(dir, 'elsewhere.sqlite')}`;
  const init = await runCli(['pipeline', 'init', '--config', config, '--store', url]);
  assert.equal(init.code, 0, init.err);
  assert.match(init.out, /elsewhere\.sqlite/);
  const store = await openStore(url);
  try {
    assert.ok((await store.active()) > 0);
  } finally {
    await store.close();
  }
  const other = parseStatus((await runCli(['pipeline', 'status', '--config', config, '--json'])).out);
  assert.equal(
    other.stages.reduce((n, c) => n + c.pending + c.done, 0),
    0,
  );
});

test('bad input is a usage error (exit 2) naming what was wrong', async (t) => {
  const dir = await tempDir(t);
  const config = await writeOfflineConfig(dir);

  const noConfig = await runCli(['pipeline', 'run']);
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.err, /--config/);

  const format = await runCli(['pipeline', 'export', '--config', config, '--format', 'csv', '--out', dir]);
  assert.equal(format.code, 2);
  assert.match(format.err, /csv/);

  const store = await runCli(['pipeline', 'status', '--config', config, '--store', 'mysql://x']);
  assert.equal(store.code, 2);
  assert.match(store.err, /--store/);

  const missing = await runCli(['pipeline', 'init', '--config', join(dir, 'absent.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /absent\.yaml/);

  const bad = await writeOfflineConfig(dir, {
    tracePool: [{ backend: 'embedded', temperature: 3 }],
  });
  const invalid = await runCli(['pipeline', 'init', '--config', bad]);
  assert.equal(invalid.code, 2);
  assert.match(invalid.err, /tracePool\[0\]\.temperature/);
});

test('SIGINT stops a run gracefully: nothing lost, and the next run finishes the rest', async (t) => {
  const dir = await tempDir(t);
  const standIn = await startStandIn({ respond: pipelineStandIn(), delayMs: 30 });
  t.after(() => standIn.close());
  const config = await writeOfflineConfig(dir, {
    backends: { vlm: { type: 'openai', baseURL: standIn.baseURL, concurrency: 1 } },
    tracePool: [{ backend: 'vlm', model: 'm', temperature: 0.5, n: 2 }],
  });
  const running = runCli(['pipeline', 'run', '--config', config]);
  // Interrupt once some traces are in: the worker stops claiming and lets its units finish or hands them back.
  const store = await openStore(`sqlite:${join(dir, 'store.sqlite')}`);
  t.after(() => store.close());
  await store.migrate();
  for (;;) {
    const trace = (await store.counts()).find((c) => c.stage === 'trace');
    if (trace && trace.done >= 2) break;
    await delay(10);
  }
  process.emit('SIGINT', 'SIGINT');
  const stopped = await running;
  assert.equal(stopped.code, 0, stopped.err);
  assert.match(stopped.err, /SIGINT: finishing the units in flight/);
  assert.match(stopped.out, /stopped by SIGINT after [\d.]+ s: \d+ units completed/);
  const left = (await store.counts()).reduce((n, c) => n + c.pending + c.running, 0);
  assert.ok(left > 0, 'the run stopped with nothing left to do');
  assert.equal(
    (await store.counts()).reduce((n, c) => n + c.running, 0),
    0,
    'a unit was left running',
  );

  const resumed = await runCli(['pipeline', 'run', '--config', config]);
  assert.equal(resumed.code, 0, resumed.err);
  const status = (await store.counts()).reduce((n, c) => n + c.pending + c.running + c.failed, 0);
  assert.equal(status, 0);
  const seeds = standIn.requests.map((r) => r.seed);
  assert.equal(new Set(seeds).size, seeds.length, 'a request was sent twice');
});

test('the offline example runs and exports; its only failures are traces the embedded judges cannot verify', async (t) => {
  const dir = await tempDir(t);
  const config = join(dir, 'offline.yaml');
  await copyFile(OFFLINE_EXAMPLE, config);
  const run = await runCli(['pipeline', 'run', '--config', config]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /finished in [\d.]+ s: [1-9]\d* units completed, \d+ failed/);
  const status = parseStatus((await runCli(['pipeline', 'status', '--config', config, '--json'])).out);
  for (const c of status.stages) assert.equal(c.pending + c.running, 0, c.stage);
  for (const f of status.failures) assert.deepEqual([f.stage, f.reason], ['trace', 'unverifiable']);
  const out = join(dir, 'sft');
  const exported = await runCli([
    'pipeline',
    'export',
    '--config',
    config,
    '--format',
    'jsonl',
    '--out',
    out,
  ]);
  assert.equal(exported.code, 0, exported.err);
  const rows = (await readFile(join(out, 'rows.jsonl'), 'utf8')).trim().split('\n');
  assert.equal(rows.length, status.quadruples.selected - status.quadruples.belowMinAccuracy);
  assert.ok(rows.length >= 50, `${rows.length} rows`);
});
