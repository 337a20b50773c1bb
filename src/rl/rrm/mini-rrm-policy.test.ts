import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng, type Principle } from '../../core/index.js';
import { RRM_GLOBAL_FEATURES } from './global-features.js';
import { MiniRrmPolicy } from './mini-rrm-policy.js';
import { POINT_FEATURES } from './principle-features.js';
import type { RrmInput } from './types.js';

await tf.setBackend('cpu');

/** Random features for an edit with `n` principles (the policy only sees numbers). */
function input(n: number, seed: number): RrmInput {
  const rng = createRng(seed);
  const categories = ['instruction-following', 'feature-preservation', 'image-quality'] as const;
  const principles: Principle[] = Array.from({ length: n }, (_, i) => ({
    question: `q${i}?`,
    category: categories[i % 3]!,
  }));
  return {
    key: `k${seed}`,
    principles,
    points: principles.map(() => Array.from({ length: POINT_FEATURES }, () => rng.next() * 2 - 1)),
    global: Array.from({ length: RRM_GLOBAL_FEATURES }, () => rng.next()),
  };
}

describe('MiniRrmPolicy', () => {
  const inputs = [input(3, 1), input(5, 2), input(1, 3)];

  it('samples a 0/1 per principle then a score in 0..10 by 0.5, with a logp per token', () => {
    const policy = new MiniRrmPolicy({ hidden: 16 }, createRng(0));
    const rollouts = policy.sample(inputs, 4, createRng(7));
    assert.equal(rollouts.length, 12);
    rollouts.forEach((r, k) => {
      assert.equal(r.input, Math.floor(k / 4));
      const n = inputs[r.input]!.points.length;
      assert.equal(r.action.points.length, n);
      assert.ok(r.action.points.every((p) => p === 0 || p === 1));
      assert.ok(
        Number.isInteger(r.action.finalScore * 2) && r.action.finalScore >= 0 && r.action.finalScore <= 10,
      );
      assert.equal(r.logp.length, n + 1);
      assert.deepEqual(r.mask, new Array(n + 1).fill(1));
    });
    // Seeded: the same rng seed gives the same rollouts.
    assert.deepEqual(policy.sample(inputs, 4, createRng(7)), rollouts);
  });

  it("logProbs of sampled traces equal the sampler's logp, with padding masked", () => {
    const policy = new MiniRrmPolicy({ hidden: 16 }, createRng(0));
    const rollouts = policy.sample(inputs, 3, createRng(11));
    const { logp, mask } = policy.logProbs(
      rollouts.map((r) => inputs[r.input]!),
      rollouts.map((r) => r.action),
    );
    assert.deepEqual(logp.shape, [9, 6]);
    const rows = logp.arraySync();
    const masks = mask.arraySync();
    rollouts.forEach((r, b) => {
      assert.deepEqual(masks[b], [...r.mask, ...new Array(6 - r.mask.length).fill(0)]);
      r.logp.forEach((v, t) =>
        assert.ok(Math.abs(rows[b]![t]! - v) < 1e-5, `row ${b} token ${t}: ${rows[b]![t]} vs ${v}`),
      );
    });
    tf.dispose([logp, mask]);
  });

  it('gives entropies in [0, log 2] for points and [0, log 21] for the score', () => {
    const policy = new MiniRrmPolicy({ hidden: 16 }, createRng(0));
    const traces = policy.greedy(inputs);
    const h = policy.entropy(inputs, traces).arraySync();
    inputs.forEach((x, b) => {
      const n = x.points.length;
      for (let t = 0; t < n; t++) assert.ok(h[b]![t]! >= 0 && h[b]![t]! <= Math.log(2) + 1e-6);
      assert.ok(h[b]![n]! > 0 && h[b]![n]! <= Math.log(21) + 1e-6);
    });
  });

  it('greedy decoding picks the most probable token at each step', () => {
    const policy = new MiniRrmPolicy({ hidden: 16 }, createRng(5));
    const traces = policy.greedy(inputs);
    // Flipping any one token of the greedy trace cannot raise that token's probability above 1/2.
    const { logp } = policy.logProbs(inputs, traces);
    const rows = logp.arraySync();
    inputs.forEach((x, b) => {
      for (let t = 0; t < x.points.length; t++) assert.ok(rows[b]![t]! >= Math.log(0.5) - 1e-6);
    });
  });

  it('round-trips a checkpoint to identical log-probs, and refuses another kind', async () => {
    const a = new MiniRrmPolicy({ hidden: 16 }, createRng(1));
    const b = new MiniRrmPolicy({ hidden: 16 }, createRng(2));
    const traces = a.sample(inputs, 1, createRng(3)).map((r) => r.action);
    const before = b.logProbs(inputs, traces).logp.arraySync();
    const saved = JSON.parse(JSON.stringify(await a.save()));
    await b.load(saved);
    const restored = await MiniRrmPolicy.fromCheckpoint(saved, createRng(9));
    const want = a.logProbs(inputs, traces).logp.arraySync();
    assert.notDeepEqual(before, want);
    assert.deepEqual(b.logProbs(inputs, traces).logp.arraySync(), want);
    assert.deepEqual(restored.logProbs(inputs, traces).logp.arraySync(), want);
    await assert.rejects(b.load({ ...saved, kind: 'toy-sequence' }), /cannot load/);
  });

  it('refuses a trace whose points do not match the principles', () => {
    const policy = new MiniRrmPolicy({ hidden: 8 }, createRng(0));
    assert.throws(
      () => policy.logProbs([inputs[0]!], [{ points: [1, 0], finalScore: 5 }]),
      /2 points for 3 principles/,
    );
  });
});
