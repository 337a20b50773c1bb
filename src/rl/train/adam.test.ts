import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.js';

await tf.setBackend('cpu');

describe('Adam', () => {
  it('matches two updates computed by hand', () => {
    // x = 1, lr 0.1, b1 = b2 = 0.5, eps 1e-8 (negligible at these sizes).
    // Step 1, g = 2: m = 1, v = 2, m^ = 1/0.5 = 2, v^ = 2/0.5 = 4, x = 1 - 0.1 * 2/2 = 0.9.
    // Step 2, g = -1: m = 0.5 - 0.5 = 0, v = 1 + 0.5 = 1.5, m^ = 0 -> x stays 0.9.
    // Step 3, g = 1: m = 0.5, v = 0.75 + 0.5 = 1.25; c1 = 1 - 0.125 = 0.875, c2 = 0.875;
    //   m^ = 0.571428..., v^ = 1.428571..., x = 0.9 - 0.1 * 0.571428 / 1.195229 = 0.852190...
    const x = tf.variable(tf.scalar(1));
    const adam = new Adam([x], { beta1: 0.5, beta2: 0.5, epsilon: 1e-8 });
    const at = (g: number): number => {
      adam.apply([tf.scalar(g)], 0.1);
      return x.dataSync()[0]!;
    };
    assert.ok(Math.abs(at(2) - 0.9) < 1e-6);
    assert.ok(Math.abs(at(-1) - 0.9) < 1e-6);
    const want = 0.9 - (0.1 * (0.5 / 0.875)) / Math.sqrt(1.25 / 0.875);
    assert.ok(Math.abs(at(1) - want) < 1e-6);
  });

  it('continues identically from a saved state', () => {
    const run = (split: boolean): number[] => {
      const x = tf.variable(tf.tensor1d([0.5, -2]));
      let adam = new Adam([x]);
      const grads = [
        [1, 2],
        [-3, 0.5],
        [0.25, 4],
        [2, -1],
      ];
      grads.forEach((g, i) => {
        if (split && i === 2) {
          const saved = JSON.parse(JSON.stringify(adam.state())) as ReturnType<Adam['state']>;
          adam.dispose();
          adam = new Adam([x]);
          adam.setState(saved);
        }
        adam.apply([tf.tensor1d(g)], 0.01);
      });
      return Array.from(x.dataSync());
    };
    assert.deepEqual(run(true), run(false));
  });
});
