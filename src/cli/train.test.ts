import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeWorldSftRows } from '../rl/index.js';
import { runCli } from './cli-harness.js';

let dir: string;
let pairsFile: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-train-'));
  // A tiny EditWorld with the pipeline's rows.jsonl layout (the SFT data) and pairs.jsonl (GCPO's pairs).
  ({ pairsFile } = await writeWorldSftRows(join(dir, 'world'), { pairs: 16, seed: 5, size: 128 }));
});
after(() => rm(dir, { recursive: true, force: true }));

const logLines = async (run: string) =>
  (await readFile(join(run, 'log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { step?: number; epoch?: number; algorithm: string; extra?: Record<string, number> },
    );

const checkpointStep = async (run: string) =>
  (JSON.parse(await readFile(join(run, 'latest.json'), 'utf8')) as { step: number }).step;

describe('edit-r1 train', () => {
  const sft = () => join(dir, 'rrm-sft');
  const gcpo = () => join(dir, 'rrm-gcpo');

  test('rrm --sft writes a checkpoint per epoch, the log and the report; --resume continues', async () => {
    const args = ['train', 'rrm', '--sft', '--data', join(dir, 'world'), '--out', sft(), '--seed', '3'];
    const first = await runCli([...args, '--epochs', '2']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /epochs 0 -> 2/);
    assert.deepEqual((await readdir(sft())).filter((f) => f.endsWith('.json')).sort(), [
      'latest.json',
      'step-000001.json',
      'step-000002.json',
    ]);
    assert.match(
      await readFile(join(sft(), 'report.html'), 'utf8'),
      /<svg[^]*Learning curve|Learning curve[^]*<svg/,
    );

    // A fresh run into a folder holding one is refused; --resume goes on from epoch 2 to 3.
    const again = await runCli([...args, '--epochs', '3']);
    assert.equal(again.code, 2);
    assert.match(again.err, /already holds a run .* --resume/);
    const resumed = await runCli([...args, '--epochs', '3', '--resume']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.out, /epochs 2 -> 3/);
    assert.deepEqual(
      (await logLines(sft())).map((r) => r.epoch),
      [1, 2, 3],
    );
    assert.equal(await checkpointStep(sft()), 3);
  });

  test('rrm --gcpo from the SFT run: steps logged, --resume continues from the checkpoint step', async () => {
    const args = ['train', 'rrm', '--gcpo', '--init', sft(), '--pairs', pairsFile, '--out', gcpo()];
    const small = ['--pairs-per-step', '2', '--traces', '2', '--seed', '4'];
    const first = await runCli([...args, ...small, '--steps', '2']);
    assert.equal(first.code, 0, first.err);
    assert.equal(await checkpointStep(gcpo()), 2);
    const resumed = await runCli([...args, ...small, '--steps', '3', '--resume']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.out, /steps 2 -> 3/);
    const log = await logLines(gcpo());
    assert.deepEqual(
      log.map((r) => [r.algorithm, r.step]),
      [
        ['gcpo', 0],
        ['gcpo', 1],
        ['gcpo', 2],
      ],
    );
    assert.equal(await checkpointStep(gcpo()), 3);
  });

  test('editor --grpo with the GCPO RRM as reward logs the oracle beside the reward and plots both', async () => {
    const out = join(dir, 'editor');
    const args = ['train', 'editor', '--grpo', '--reward', `rrm:${gcpo()}`, '--out', out];
    const small = [
      '--tasks',
      '3',
      '--inputs-per-step',
      '2',
      '--group-size',
      '2',
      '--seed',
      '5',
      '--lr',
      '0.002',
    ];
    const first = await runCli([...args, ...small, '--steps', '2']);
    assert.equal(first.code, 0, first.err);
    const resumed = await runCli([...args, ...small, '--steps', '3', '--resume']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.out, /steps 2 -> 3/);
    const log = await logLines(out);
    assert.deepEqual(
      log.map((r) => r.step),
      [0, 1, 2],
    );
    for (const r of log) assert.ok(r.extra!.oracleMean! >= 0 && r.extra!.oracleMean! <= 1);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.match(html, /Reward-hacking watch/);
    assert.match(html, /data-series="oracle score"/);
  });

  test('bad reward names and flags are usage errors', async () => {
    const out = join(dir, 'bad');
    const bogus = await runCli(['train', 'editor', '--grpo', '--reward', 'bogus', '--out', out]);
    assert.equal(bogus.code, 2);
    assert.match(bogus.err, /expected rrm:PATH, embedded, holistic or vlm/);
    const both = await runCli(['train', 'rrm', '--sft', '--gcpo', '--out', out]);
    assert.equal(both.code, 2);
    assert.match(both.err, /exactly one of --sft and --gcpo/);
    const stray = await runCli([
      'train',
      'editor',
      '--grpo',
      '--reward',
      'holistic',
      '--model',
      'm',
      '--out',
      out,
    ]);
    assert.notEqual(stray.code, 0);
    assert.match(stray.err, /--reward vlm/);
    const nothing = await runCli([
      'train',
      'rrm',
      '--sft',
      '--data',
      join(dir, 'world'),
      '--out',
      out,
      '--resume',
    ]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.err, /nothing to resume/);
  });
});
