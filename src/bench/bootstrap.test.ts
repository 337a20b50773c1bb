import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../core/index.js';
import { bootstrapInterval, quantile, shareTrue } from './bootstrap.js';

test('quantile interpolates between order statistics (type 7)', () => {
  const sorted = [1, 2, 4, 8];
  assert.equal(quantile(sorted, 0), 1);
  assert.equal(quantile(sorted, 1), 8);
  assert.equal(quantile(sorted, 0.5), 3); // position 1.5: halfway from 2 to 4
  assert.equal(quantile(sorted, 0.25), 1.75); // position 0.75
  assert.equal(quantile([5], 0.9), 5);
  assert.throws(() => quantile([], 0.5), /no values/);
});

test('a constant sample has a zero-width interval; no items, no interval', () => {
  const rng = createRng(1);
  assert.deepEqual(bootstrapInterval([true, true, true], shareTrue, { rng }), [1, 1]);
  assert.equal(bootstrapInterval([], shareTrue, { rng }), null);
  assert.throws(() => bootstrapInterval([true], shareTrue, { rng, resamples: 0 }), /resamples/);
});

test('the interval holds the estimate, and the same seed gives the same interval', () => {
  const outcomes = Array.from({ length: 50 }, (_, i) => i % 5 !== 0); // 0.8
  const first = bootstrapInterval(outcomes, shareTrue, { rng: createRng(3) })!;
  const again = bootstrapInterval(outcomes, shareTrue, { rng: createRng(3) })!;
  assert.deepEqual(first, again);
  assert.ok(first[0] < 0.8 && 0.8 < first[1], String(first));
  // Binomial standard error sqrt(0.8 * 0.2 / 50) = 0.057: the 95% interval is about 0.11 either side.
  assert.ok(first[1] - first[0] > 0.15 && first[1] - first[0] < 0.3, String(first));
});

test('coverage: on Bernoulli(0.8) samples the 95% interval holds 0.8 in 88-99% of 200 repetitions', () => {
  const rng = createRng(2024);
  let covered = 0;
  for (let rep = 0; rep < 200; rep++) {
    const outcomes = Array.from({ length: 100 }, () => rng.next() < 0.8);
    const [lo, hi] = bootstrapInterval(outcomes, shareTrue, { rng })!;
    if (lo <= 0.8 && 0.8 <= hi) covered++;
  }
  assert.ok(covered >= 176 && covered <= 198, `covered ${covered} of 200`);
});
