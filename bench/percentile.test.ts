import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from './percentile.js';

test('nearest-rank percentiles, checked by hand', () => {
  const values = [15, 20, 35, 40, 50];
  // ranks: ceil(0.5 * 5) = 3 -> 35; ceil(0.99 * 5) = 5 -> 50; ceil(0.3 * 5) = 2 -> 20; q = 0 -> rank 1.
  assert.equal(percentile(values, 0.5), 35);
  assert.equal(percentile(values, 0.99), 50);
  assert.equal(percentile(values, 0.3), 20);
  assert.equal(percentile(values, 0), 15);
  assert.equal(percentile([40, 15, 50, 35, 20], 0.5), 35, 'order of the input does not matter');
});

test('no values or a q outside 0-1 is refused', () => {
  assert.throws(() => percentile([], 0.5), RangeError);
  assert.throws(() => percentile([1], 1.5), RangeError);
});
