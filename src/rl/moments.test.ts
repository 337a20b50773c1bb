import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mean, standardDeviation } from './moments.js';

describe('moments', () => {
  it('mean and both standard deviations on a hand case', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32
    // population: sqrt(32/8) = 2; sample: sqrt(32/7)
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(xs), 5);
    assert.equal(standardDeviation(xs, 'population'), 2);
    assert.equal(standardDeviation(xs, 'sample'), Math.sqrt(32 / 7));
  });

  it('gives exactly 0 for one value, no values, and equal values', () => {
    assert.equal(mean([]), 0);
    assert.equal(standardDeviation([3], 'sample'), 0);
    assert.equal(standardDeviation([], 'population'), 0);
    // 0.1 * 3 / 3 is not exactly 0.1 in floating point; the spread must still be exactly 0.
    assert.equal(standardDeviation([0.1, 0.1, 0.1], 'sample'), 0);
  });
});
