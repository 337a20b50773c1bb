import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addGaussianNoise } from './gaussian-noise.js';

const grey = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 3).fill(128) };

describe('addGaussianNoise', () => {
  it('has the normal distribution: mean 0, the asked sd, 68.3% within one sd and 95.4% within two', () => {
    const noisy = addGaussianNoise(grey, 10, 42);
    const d = [...noisy.data].map((v) => v - 128);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    assert.ok(Math.abs(mean) < 0.15, `mean ${mean}`);
    // Rounding to whole levels adds 1/12 to the variance: sqrt(100 + 1/12) = 10.004.
    assert.ok(Math.abs(sd - 10) < 0.15, `sd ${sd}`);
    // |d| <= 10 holds for true deviations under 10.5: P = 0.7063; |d| <= 20 for under 20.5: 0.9596.
    const within = (k: number): number => d.filter((x) => Math.abs(x) <= k).length / d.length;
    assert.ok(Math.abs(within(10) - 0.7063) < 0.01, `within 1 sd ${within(10)}`);
    assert.ok(Math.abs(within(20) - 0.9596) < 0.005, `within 2 sd ${within(20)}`);
  });

  it('is the same for a seed and different for another, and leaves its input alone', () => {
    assert.deepEqual(addGaussianNoise(grey, 5, 1).data, addGaussianNoise(grey, 5, 1).data);
    assert.notDeepEqual(addGaussianNoise(grey, 5, 1).data, addGaussianNoise(grey, 5, 2).data);
    assert.ok(grey.data.every((v) => v === 128));
  });
});
