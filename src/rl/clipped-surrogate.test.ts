import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../core/index.js';
import { clippedSurrogate, surrogateTokenLoss } from './clipped-surrogate.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

// The shared hand case. Two sequences, eps 0.2, advantages [1, -2]; oldLogp 0 so logp = log(ratio).
// seq 0 (A = +1): ratios 1, 1.5, 0.5
//   r = 1:   -min(1*1, 1*1)       = -1
//   r = 1.5: -min(1.5, 1.2)       = -1.2   clipped high (gradient stopped)
//   r = 0.5: -min(0.5, 0.8)       = -0.5   free (the clip never lifts a small ratio for A > 0)
// seq 1 (A = -2): ratios 0.5, 1.1, then padding (NaN: must not leak)
//   r = 0.5: -min(-1.0, -1.6)     = 1.6    clipped low (gradient stopped)
//   r = 1.1: -min(-2.2, -2.2)     = 2.2    free
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

describe('clippedSurrogate', () => {
  it('token-mean: (-1 - 1.2 - 0.5 + 1.6 + 2.2) / 5 = 0.22', () => {
    close(clippedSurrogate(logp, oldLogp, advantages, mask).loss, 0.22);
  });

  it('seq-mean-token-mean: (-2.7/3 + 3.8/2) / 2 = (-0.9 + 1.9) / 2 = 0.5', () => {
    close(
      clippedSurrogate(logp, oldLogp, advantages, mask, { aggregation: 'seq-mean-token-mean' }).loss,
      0.5,
    );
  });

  it('seq-mean-token-sum: (-2.7 + 3.8) / 2 = 0.55', () => {
    close(
      clippedSurrogate(logp, oldLogp, advantages, mask, { aggregation: 'seq-mean-token-sum' }).loss,
      0.55,
    );
  });

  it('reports clip fractions and the approximate KL over the 5 real tokens', () => {
    const out = clippedSurrogate(logp, oldLogp, advantages, mask);
    assert.equal(out.tokens, 5);
    close(out.clipFractionHigh, 1 / 5); // r = 1.5 with A > 0
    close(out.clipFractionLow, 1 / 5); // r = 0.5 with A < 0
    close(out.clipFraction, 2 / 5);
    assert.equal(out.dualClipFraction, 0);
    // k3 of each ratio, r - 1 - ln r: 0, 0.5 - ln 1.5, -0.5 + ln 2 (twice), 0.1 - ln 1.1
    const kl = 0 + (0.5 - Math.log(1.5)) + 2 * (Math.log(2) - 0.5) + (0.1 - Math.log(1.1));
    close(out.approxKl, kl / 5);
  });

  it('asymmetric clip (DAPO clip-higher, epsHigh 0.28)', () => {
    // A = 1: r = 1.25 stays under 1.28 (loss -1.25, free); r = 1.3 is clipped to 1.28.
    const bounds = { epsLow: 0.2, epsHigh: 0.28 };
    assert.deepEqual(surrogateTokenLoss(1.25, 1, bounds), { loss: -1.25, region: 'free' });
    assert.deepEqual(surrogateTokenLoss(1.3, 1, bounds), { loss: -1.28, region: 'high' });
    // A = -1: r = 0.85 is inside [0.8, 1.28]: loss 0.85; r = 0.7 is held at 0.8.
    assert.deepEqual(surrogateTokenLoss(0.85, -1, bounds), { loss: 0.85, region: 'free' });
    assert.deepEqual(surrogateTokenLoss(0.7, -1, bounds), { loss: 0.8, region: 'low' });
  });

  it('dual clip caps a negative-advantage loss at c|A|', () => {
    // A = -2, r = 4: unclipped 8, clipped 2 * 1.2 = 2.4, max 8; dual clip 3 caps it at 3 * 2 = 6.
    assert.deepEqual(surrogateTokenLoss(4, -2, { epsLow: 0.2, epsHigh: 0.2, dualClip: 3 }), {
      loss: 6,
      region: 'dual',
    });
    // Without dual clip the loss is 8 and the token is free.
    assert.deepEqual(surrogateTokenLoss(4, -2, { epsLow: 0.2, epsHigh: 0.2 }), { loss: 8, region: 'free' });
    // A positive advantage is never dual-clipped: r = 4, A = 2 -> -min(8, 2.4) = -2.4, clipped high.
    assert.deepEqual(surrogateTokenLoss(4, 2, { epsLow: 0.2, epsHigh: 0.2, dualClip: 3 }), {
      loss: -2.4,
      region: 'high',
    });
    const out = clippedSurrogate([[Math.log(4), 0]], [[0, 0]], [-2], [[1, 1]], { dualClip: 3 });
    close(out.loss, (6 + 2) / 2); // second token r = 1, A = -2: loss 2
    close(out.dualClipFraction, 1 / 2);
    close(out.clipFraction, 0);
  });

  it('at ratio 1 the loss is minus the aggregated advantage', () => {
    // token-mean over mask above with logp = oldLogp: -(1 + 1 + 1 - 2 - 2) / 5 = 0.2
    const zeros = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    close(clippedSurrogate(zeros, zeros, advantages, mask).loss, 0.2);
  });

  it('rejects bad options and shapes', () => {
    assert.throws(() => clippedSurrogate(logp, oldLogp, [1], mask), /one per sequence/);
    assert.throws(() => clippedSurrogate(logp, oldLogp, [1, Number.NaN], mask), /advantages\[1\] is NaN/);
    assert.throws(() => clippedSurrogate(logp, oldLogp, advantages, mask, { epsLow: 1 }), UsageError);
    assert.throws(() => clippedSurrogate(logp, oldLogp, advantages, mask, { dualClip: 1 }), /> 1/);
    assert.throws(() => clippedSurrogate([[0]], oldLogp, advantages, mask), /logp has 1 rows/);
  });
});
