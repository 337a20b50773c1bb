import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/index.js';
import { centralDifferenceGradient } from './finite-difference.js';
import { k3, k3Kl } from './k3-kl.js';
import { k3KlTf } from './k3-kl-tf.js';
import { LOSS_AGGREGATIONS } from './token-aggregation.js';

await tf.setBackend('cpu');

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('k3', () => {
  it('is exp(x) - x - 1 with x = ref - logp', () => {
    close(k3(-1, -1), 0); // x = 0
    close(k3(-1, -2), Math.exp(-1)); // x = -1: e^-1 + 1 - 1 = 0.3679
    close(k3(-2, -1), Math.E - 2); // x = 1: e - 1 - 1 = 0.7183
  });

  it('is never negative', () => {
    const rng = createRng(5);
    for (let i = 0; i < 1000; i++) assert.ok(k3(-rng.next() * 8, -rng.next() * 8) >= 0);
  });
});

describe('k3Kl and k3KlTf', () => {
  // Tokens: (logp -1, ref -2) -> e^-1; (-2, -1) -> e - 2; (-3, -3) -> 0; padding holds NaN.
  const logp = [
    [-1, -2],
    [-3, Number.NaN],
  ];
  const ref = [
    [-2, -1],
    [-3, Number.NaN],
  ];
  const mask = [
    [1, 1],
    [1, 0],
  ];

  it('aggregates like the loss', () => {
    const a = Math.exp(-1);
    const b = Math.E - 2;
    close(k3Kl(logp, ref, mask), (a + b) / 3); // token-mean over 3 tokens
    close(k3Kl(logp, ref, mask, 'seq-mean-token-mean'), ((a + b) / 2 + 0) / 2);
    close(k3Kl(logp, ref, mask, 'seq-mean-token-sum'), (a + b + 0) / 2);
  });

  it('the tfjs value equals the plain one, and its gradient is (1 - exp(x)) * weight', () => {
    for (const mode of LOSS_AGGREGATIONS) {
      const value = tf.tidy(() =>
        k3KlTf(tf.tensor2d(logp), tf.tensor2d(ref), tf.tensor2d(mask), mode).arraySync(),
      );
      assert.ok(Math.abs(value - k3Kl(logp, ref, mask, mode)) < 1e-6, mode);
    }
    // token-mean, weight 1/3: d/dlogp [e^(ref-logp) - (ref-logp) - 1] = 1 - e^(ref-logp)
    const grad = tf.tidy(() =>
      tf
        .grad((lp: tf.Tensor) => k3KlTf(lp as tf.Tensor2D, tf.tensor2d(ref), tf.tensor2d(mask)))(
          tf.tensor2d(logp),
        )
        .arraySync(),
    ) as number[][];
    const expected = [
      [(1 - Math.exp(-1)) / 3, (1 - Math.E) / 3],
      [0, 0], // x = 0 at (-3, -3); padding gets no gradient, NaN or not
    ];
    expected.forEach((row, b) =>
      row.forEach((g, t) => assert.ok(Math.abs(grad[b]![t]! - g) < 1e-6, `${b},${t}`)),
    );
  });

  it('tf.grad matches central differences of the float64 version', () => {
    const rng = createRng(9);
    const rows = 3;
    const cols = 4;
    const m = Array.from({ length: rows }, (_, b) =>
      Array.from({ length: cols }, (_, t) => (t < cols - b ? 1 : 0)),
    );
    const lp = m.map((row) => row.map(() => -0.1 - rng.next() * 3));
    const rf = lp.map((row) => row.map((x) => x + (rng.next() - 0.5)));
    for (const mode of LOSS_AGGREGATIONS) {
      const fd = centralDifferenceGradient((x) => k3Kl(x, rf, m, mode), lp);
      const auto = tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) => k3KlTf(x as tf.Tensor2D, tf.tensor2d(rf), tf.tensor2d(m), mode))(
            tf.tensor2d(lp),
          )
          .arraySync(),
      ) as number[][];
      // float32 autodiff vs float64 differences: 1e-5 absolute plus 1e-3 relative (see docs/RL.md).
      fd.forEach((row, b) =>
        row.forEach((g, t) =>
          assert.ok(Math.abs(auto[b]![t]! - g) <= 1e-5 + 1e-3 * Math.abs(g), `${mode} ${b},${t}`),
        ),
      );
    }
  });
});
