import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm } from './clip-grad-norm.js';

await tf.setBackend('cpu');

const values = (ts: tf.Tensor[]): number[][] => ts.map((t) => Array.from(t.dataSync()));
const close = (a: number[][], b: number[][]): void =>
  a.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - b[i]![j]!) < 1e-6, `${v} vs ${b[i]![j]}`)),
  );

describe('clipByGlobalNorm', () => {
  it('scales all gradients together when their joint norm is over the limit', () => {
    // [1, 2] and [[2], [4]]: squares 1+4+4+16 = 25, norm 5; limit 1 scales by 1/5.
    const grads = [tf.tensor1d([1, 2]), tf.tensor2d([[2], [4]])];
    const out = clipByGlobalNorm(grads, 1);
    assert.equal(out.norm, 5);
    close(values(out.grads), [
      [0.2, 0.4],
      [0.4, 0.8],
    ]);
  });

  it('leaves gradients under the limit unchanged', () => {
    // [3, 4] has norm 5, under 10.
    const out = clipByGlobalNorm([tf.tensor1d([3, 4])], 10);
    assert.equal(out.norm, 5);
    close(values(out.grads), [[3, 4]]);
  });

  it('reports a non-finite norm without scaling, so the trainer can skip the update', () => {
    const out = clipByGlobalNorm([tf.tensor1d([NaN, 1])], 1);
    assert.ok(Number.isNaN(out.norm));
  });
});
