import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../core/index.js';
import { readPairsFile } from '../../bench/index.js';
import { parseJudgeReply } from '../../rrm/index.js';
import { readTrainerCheckpoint } from '../train/index.js';
import { featurizePairs } from './featurize-pairs.js';
import { createMiniRrmJudge } from './mini-rrm-judge.js';
import { MiniRrmPolicy } from './mini-rrm-policy.js';
import { RrmFeaturizer } from './rrm-featurizer.js';
import { smallWorld } from './test-world.js';
import { trainRrmGcpo } from './train-rrm-gcpo.js';
import { evaluateTokens, trainRrmSft } from './train-rrm-sft.js';
import { readSftRows } from './read-sft-rows.js';

await tf.setBackend('cpu');

describe('miniature RRM training', async () => {
  const train = await smallWorld(160, 11);
  const heldOut = await smallWorld(24, 12);
  const featurizer = new RrmFeaturizer();

  it('SFT lowers the held-out loss and raises held-out token accuracy; checkpoints and logs', async () => {
    const { rows } = await readSftRows(heldOut.rowsFile);
    const held = await Promise.all(
      rows.map(async (r) => ({ input: await featurizer.features(r), trace: r.trace })),
    );
    const initial = new MiniRrmPolicy({ hidden: 32 }, createRng(4));
    const before = evaluateTokens(initial, held);
    const logFile = join(train.dir, 'sft', 'log.jsonl');
    const result = await trainRrmSft({
      data: train.dir,
      seed: 4,
      epochs: 15,
      batchSize: 16,
      policy: initial,
      featurizer,
      validationShare: 0,
      checkpointDir: join(train.dir, 'sft'),
      logFile,
    });
    const after = evaluateTokens(result.policy, held);
    assert.ok(after.loss < 0.95 * before.loss, `held-out loss ${before.loss} -> ${after.loss}`);
    assert.ok(
      after.accuracy > before.accuracy + 0.03,
      `held-out token accuracy ${before.accuracy} -> ${after.accuracy}`,
    );
    const log = (await readFile(logFile, 'utf8')).trim().split('\n');
    assert.equal(log.length, 15);
    const saved = await readTrainerCheckpoint(join(train.dir, 'sft', 'latest.json'));
    assert.equal(saved.algorithm, 'sft');
    assert.equal(saved.step, 15);
  });

  it('GCPO moves the mean score of winners above that of losers', async () => {
    const pairs = (await readPairsFile(train.pairsFile))
      .filter((p) => p.pair.preference !== 'same')
      .slice(0, 12);
    const featurized = await featurizePairs(pairs, featurizer);
    const policy = new MiniRrmPolicy({ hidden: 32 }, createRng(8));
    /** Mean over pairs of (winner's expected sampled score - loser's), from 16 traces each. */
    const margin = (): number => {
      const images = featurized.flatMap((p) => (p.preference === 'a' ? [p.a, p.b] : [p.b, p.a]));
      const rollouts = policy.sample(images, 16, createRng(99));
      const mean = (i: number) =>
        rollouts.slice(16 * i, 16 * i + 16).reduce((s, r) => s + r.action.finalScore, 0) / 16;
      return featurized.reduce((s, _, p) => s + mean(2 * p) - mean(2 * p + 1), 0) / featurized.length;
    };
    const before = margin();
    await trainRrmGcpo({
      init: policy,
      pairs,
      featurizer,
      seed: 3,
      steps: 25,
      pairsPerStep: 12,
      traces: 8,
      lr: 1e-2,
      epochs: 2,
      progress: 'off',
    });
    const after = margin();
    assert.ok(after > before + 1 && after > 0.5, `winner - loser mean score ${before} -> ${after}`);
  });

  it("the Judge adapter's verdict parses back with parseJudgeReply", async () => {
    const [first] = await readPairsFile(heldOut.pairsFile);
    const pair = first!.pair;
    const judge = createMiniRrmJudge(new MiniRrmPolicy({ hidden: 16 }, createRng(1)), { featurizer });
    const input = {
      source: pair.source,
      edited: pair.a,
      instruction: pair.instruction,
      principles: pair.principles!,
    };
    const verdict = await judge.judge(input);
    const parsed = parseJudgeReply(verdict.trace, pair.principles!, { mode: 'strict' });
    assert.equal(parsed.finalScore, verdict.finalScore);
    assert.deepEqual(
      parsed.points.map((p) => p.score),
      verdict.points.map((p) => p.score),
    );
    const set = await judge.sample(input, 5, { seed: 2 });
    assert.equal(set.verdicts.length, 5);
    assert.deepEqual(
      (await judge.sample(input, 5, { seed: 2 })).verdicts.map((v) => v.finalScore),
      set.verdicts.map((v) => v.finalScore),
    );
    await assert.rejects(judge.judge({ ...input, principles: [] }), /needs the principles/);
  });
});
