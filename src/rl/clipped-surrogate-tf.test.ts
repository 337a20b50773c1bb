import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/index.js';
import { clippedSurrogate, type SurrogateOptions } from './clipped-surrogate.js';
import { clippedSurrogateTf } from './clipped-surrogate-tf.js';
import { centralDifferenceGradient } from './finite-difference.js';
import { aggregationWeights, LOSS_AGGREGATIONS } from './token-aggregation.js';

await tf.setBackend('cpu');

/** The tfjs loss and its gradient in logp, as plain arrays. */
function tfLossAndGrad(
  logp: number[][],
  oldLogp: number[][],
  advantages: number[],
  mask: number[][],
  options: SurrogateOptions = {},
): { loss: number; grad: number[][]; stats: Record<string, number> } {
  return tf.tidy(() => {
    const old = tf.tensor2d(oldLogp);
    const adv = tf.tensor1d(advantages);
    const m = tf.tensor2d(mask);
    const lp = tf.tensor2d(logp);
    const out = clippedSurrogateTf(lp, old, adv, m, options);
    const grad = tf.grad((x: tf.Tensor) => clippedSurrogateTf(x as tf.Tensor2D, old, adv, m, options).loss)(
      lp,
    );
    const stats = Object.fromEntries(
      (['clipFraction', 'clipFractionLow', 'clipFractionHigh', 'dualClipFraction', 'approxKl'] as const).map(
        (k) => [k, out[k].arraySync()],
      ),
    );
    return { loss: out.loss.arraySync(), grad: grad.arraySync() as number[][], stats };
  });
}

const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// The hand case of clipped-surrogate.test.ts: A = [1, -2], ratios [[1, 1.5, 0.5], [0.5, 1.1, pad]].
const logp = [
  [0, Math.log(1.5), Math.log(0.5)],
  [Math.log(0.5), Math.log(1.1), Number.NaN],
];
const oldLogp = [
  [0, 0, 0],
  [0, 0, Number.NaN],
];
const mask = [
  [1, 1, 1],
  [1, 1, 0],
];
const advantages = [1, -2];

describe('clippedSurrogateTf', () => {
  it('equals the float64 loss and statistics for every aggregation', () => {
    for (const aggregation of LOSS_AGGREGATIONS) {
      const plain = clippedSurrogate(logp, oldLogp, advantages, mask, { aggregation });
      const { loss, stats } = tfLossAndGrad(logp, oldLogp, advantages, mask, { aggregation });
      near(loss, plain.loss, 1e-6, aggregation);
      for (const [k, v] of Object.entries(stats)) near(v, plain[k as keyof typeof plain], 1e-6, k);
    }
  });

  it('stops the gradient exactly where the clip binds, and padding gets none', () => {
    // token-mean weight 1/5. Free tokens: d(-A r w)/dlogp = -A r w.
    //   seq 0: r = 1 -> -1/5; r = 1.5 clipped high -> 0; r = 0.5 free -> -0.5/5
    //   seq 1: r = 0.5 clipped low -> 0; r = 1.1 free, A = -2 -> 2.2/5; padding (NaN) -> 0
    const { grad } = tfLossAndGrad(logp, oldLogp, advantages, mask);
    const expected = [
      [-1 / 5, 0, -0.5 / 5],
      [0, 2.2 / 5, 0],
    ];
    expected.forEach((row, b) => row.forEach((g, t) => near(grad[b]![t]!, g, 1e-6, `grad ${b},${t}`)));
  });

  it('at ratio 1 the gradient is -advantage times the aggregation weight', () => {
    const zeros = [
      [-0.7, -1.2, -0.3],
      [-2.0, -0.1, -5.0],
    ];
    for (const aggregation of LOSS_AGGREGATIONS) {
      const w = aggregationWeights(mask, aggregation);
      const { grad } = tfLossAndGrad(zeros, zeros, advantages, mask, { aggregation, dualClip: 3 });
      w.forEach((row, b) =>
        row.forEach((wt, t) => near(grad[b]![t]!, -advantages[b]! * wt, 1e-6, `${aggregation} ${b},${t}`)),
      );
    }
  });

  it('dual clip stops the gradient of a negative-advantage token far above 1', () => {
    // A = -2: r = 4 > c = 3 -> capped, gradient 0; r = 1.1 free -> -A r w = 2 * 1.1 / 2
    const { loss, grad, stats } = tfLossAndGrad([[Math.log(4), Math.log(1.1)]], [[0, 0]], [-2], [[1, 1]], {
      dualClip: 3,
    });
    near(loss, (6 + 2.2) / 2, 1e-5, 'loss');
    near(grad[0]![0]!, 0, 1e-7, 'capped');
    near(grad[0]![1]!, 1.1, 1e-6, 'free');
    near(stats.dualClipFraction!, 0.5, 1e-7, 'dual fraction');
  });

  it('tf.grad matches central differences of the float64 version, away from the clip kinks', () => {
    const rng = createRng(21);
    const rows = 4;
    const cols = 5;
    const options = { epsLow: 0.2, epsHigh: 0.28, dualClip: 3 };
    // Log-ratios drawn from bands that avoid every kink (0.8, 1.28, 3), so each region is covered.
    const bands: [number, number][] = [
      [0.3, 0.75],
      [0.85, 1.2],
      [1.35, 2.8],
      [3.3, 5],
    ];
    const m = Array.from({ length: rows }, (_, b) =>
      Array.from({ length: cols }, (_, t) => (t < cols - b ? 1 : 0)),
    );
    const old = m.map((row) => row.map(() => -rng.next() * 3));
    const lp = old.map((row) =>
      row.map((o) => {
        const [lo, hi] = bands[rng.int(0, bands.length - 1)]!;
        return o + Math.log(lo + rng.next() * (hi - lo));
      }),
    );
    const adv = [1.3, -0.7, 0.4, -2.1];
    for (const aggregation of LOSS_AGGREGATIONS) {
      const opts = { ...options, aggregation };
      const fd = centralDifferenceGradient((x) => clippedSurrogate(x, old, adv, m, opts).loss, lp);
      const { grad, loss } = tfLossAndGrad(lp, old, adv, m, opts);
      near(loss, clippedSurrogate(lp, old, adv, m, opts).loss, 1e-5, `${aggregation} loss`);
      // float32 autodiff vs float64 differences: 1e-5 absolute plus 1e-3 relative (see docs/RL.md).
      fd.forEach((row, b) =>
        row.forEach((g, t) => near(grad[b]![t]!, g, 1e-5 + 1e-3 * Math.abs(g), `${aggregation} ${b},${t}`)),
      );
    }
  });

  it('rejects tensors of the wrong shape', () => {
    const m = tf.tensor2d(mask);
    assert.throws(
      () => clippedSurrogateTf(tf.zeros([2, 2]), tf.zeros([2, 3]), tf.zeros([2]), m),
      /shape \[2,2\]/,
    );
    assert.throws(
      () => clippedSurrogateTf(tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([3]), m),
      /one per sequence/,
    );
    tf.disposeVariables();
  });
});
