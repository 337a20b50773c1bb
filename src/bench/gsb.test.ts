import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../core/index.js';
import { goodSameBad } from './gsb.js';

test('GSB = (good - bad) / (good + same + bad) with a same-margin', () => {
  const scores = [
    { test: 8, base: 6 }, // good
    { test: 5, base: 5.2 }, // same (within 0.5)
    { test: 4, base: 7 }, // bad
    { test: 9, base: 3 }, // good
    { test: 6, base: 6.5 }, // same (exactly 0.5)
  ];
  const result = goodSameBad(scores, { sameMargin: 0.5, rng: createRng(1) });
  assert.deepEqual([result.good, result.same, result.bad], [2, 2, 1]);
  assert.equal(result.gsb, 0.2);
  const [lo, hi] = result.ci95!;
  assert.ok(lo <= 0.2 && 0.2 <= hi && lo >= -1 && hi <= 1, String(result.ci95));
  // Margin 0: the near-ties become a bad and a bad: (2 - 3) / 5.
  assert.equal(goodSameBad(scores, { rng: createRng(1) }).gsb, -0.2);
});

test('GSB of no inputs is null; a negative margin is refused', () => {
  const empty = goodSameBad([], { rng: createRng(1) });
  assert.deepEqual([empty.gsb, empty.ci95], [null, null]);
  assert.throws(() => goodSameBad([], { rng: createRng(1), sameMargin: -1 }), /sameMargin/);
});
