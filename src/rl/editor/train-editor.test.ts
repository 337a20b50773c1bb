import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../core/index.js';
import { createEmbeddedJudge } from '../../rrm/index.js';
import { mean } from '../moments.js';
import { makeEditTasks, type EditTask } from './edit-task.js';
import { editorReward } from './editor-reward.js';
import { EditorPolicy } from './editor-policy.js';
import { compareEditors } from './evaluate-editors.js';
import { trainEditorGrpo } from './train-editor.js';

await tf.setBackend('cpu');

/** Mean embedded-judge reward of 16 programs per task drawn with a fixed seed: the policy's expected reward. */
async function meanReward(policy: EditorPolicy, tasks: readonly EditTask[]): Promise<number> {
  const rollouts = policy.sample(tasks, 16, createRng(77));
  const reward = editorReward(createEmbeddedJudge());
  return mean(
    await reward(
      rollouts.map((r) => tasks[r.input]!),
      rollouts.map((r) => r.action),
    ),
  );
}

describe('trainEditorGrpo', () => {
  it('raises the mean embedded-judge reward on a tiny fixed set, and logs the oracle beside it each step', async () => {
    const tasks = await makeEditTasks({ seed: 31, count: 4 });
    const policy = new EditorPolicy(undefined, createRng(2));
    const base = new EditorPolicy(undefined, createRng(2));
    const before = await meanReward(policy, tasks);
    const logFile = join(await mkdtemp(join(tmpdir(), 'editor-grpo-')), 'log.jsonl');
    const steps = 25;
    const { records, watch } = await trainEditorGrpo({
      policy,
      judge: createEmbeddedJudge(),
      inputs: tasks,
      inputsPerStep: 4,
      groupSize: 8,
      steps,
      seed: 3,
      lr: 0.01,
      progress: 'off',
      logFile,
    });
    const after = await meanReward(policy, tasks);
    assert.ok(after > before + 0.1, `mean reward ${before.toFixed(3)} -> ${after.toFixed(3)}`);

    // The reward-hacking watch: every step's record and log line carry the oracle's mean.
    assert.equal(watch.batches.length, steps);
    const lines = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, steps);
    lines.forEach((line, i) => {
      const oracle = mean(watch.batches[i]!.oracle);
      assert.equal(line.extra.oracleMean, oracle);
      assert.equal(records[i]!.extra.oracleMean, oracle);
      assert.ok(oracle >= 0 && oracle <= 1);
      assert.ok(Math.abs(line.rewardMean - mean(watch.batches[i]!.rewards)) < 1e-12);
    });
    const comparison = compareEditors(policy, base, tasks, { rng: createRng(1), resamples: 200 });
    assert.equal(comparison.scores.length, 4);
    assert.equal(comparison.gsb.good + comparison.gsb.same + comparison.gsb.bad, 4);
  });
});
