import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../core/index.js';
import { aggregateTokens, aggregationWeights, LOSS_AGGREGATIONS } from './token-aggregation.js';
import { aggregationWeightsTf } from './token-aggregation-tf.js';

await tf.setBackend('cpu');

// Two sequences of 3 and 1 real tokens (the rest padding).
const mask = [
  [1, 1, 1],
  [1, 0, 0],
];
const values = [
  [1, 2, 3],
  [10, Number.NaN, -Infinity], // padding holds garbage that must not leak
];

describe('token aggregation', () => {
  it('token-mean weighs every real token 1/4', () => {
    // (1 + 2 + 3 + 10) / 4 = 4
    assert.equal(aggregateTokens(values, mask, 'token-mean'), 4);
    assert.deepEqual(aggregationWeights(mask, 'token-mean'), [
      [0.25, 0.25, 0.25],
      [0.25, 0, 0],
    ]);
  });

  it('seq-mean-token-mean weighs every sequence 1/2, shared by its tokens', () => {
    // (mean(1, 2, 3) + mean(10)) / 2 = (2 + 10) / 2 = 6; weights 1/(2*3) and 1/(2*1)
    assert.equal(aggregateTokens(values, mask, 'seq-mean-token-mean'), 6);
    assert.deepEqual(aggregationWeights(mask, 'seq-mean-token-mean'), [
      [1 / 6, 1 / 6, 1 / 6],
      [0.5, 0, 0],
    ]);
  });

  it('seq-mean-token-sum sums within a sequence, then averages', () => {
    // ((1 + 2 + 3) + 10) / 2 = 8
    assert.equal(aggregateTokens(values, mask, 'seq-mean-token-sum'), 8);
  });

  it('an all-padding sequence adds 0 but still counts among the sequences', () => {
    // rows: [4, 2] real, [pad]: seq-mean-token-mean = (3 + 0) / 2 = 1.5; token-mean = 6 / 2 = 3
    const m = [
      [1, 1],
      [0, 0],
    ];
    const v = [
      [4, 2],
      [Number.NaN, Number.NaN],
    ];
    assert.equal(aggregateTokens(v, m, 'seq-mean-token-mean'), 1.5);
    assert.equal(aggregateTokens(v, m, 'token-mean'), 3);
    assert.equal(aggregateTokens([], [], 'token-mean'), 0);
  });

  it('the tfjs weights equal the plain ones for every mode', () => {
    for (const mode of LOSS_AGGREGATIONS) {
      const w = aggregationWeightsTf(tf.tensor2d(mask), mode);
      const got = w.arraySync();
      w.dispose();
      aggregationWeights(mask, mode).forEach((row, b) =>
        row.forEach((x, t) => assert.ok(Math.abs(got[b]![t]! - x) < 1e-7, `${mode} ${b} ${t}`)),
      );
    }
  });

  it('rejects ragged rows, non-0/1 masks, mismatched shapes and unknown modes', () => {
    assert.throws(() => aggregateTokens([[1], [1, 2]], [[1], [1, 1]], 'token-mean'), /pad every row/);
    assert.throws(() => aggregateTokens([[1]], [[0.5]], 'token-mean'), /mask\[0\]\[0\] is 0.5/);
    assert.throws(() => aggregateTokens([[1, 2]], [[1]], 'token-mean'), /values row 0 has 2 entries/);
    assert.throws(() => aggregateTokens([[1]], [[1]], 'sum' as 'token-mean'), UsageError);
  });
});
