import assert from 'node:assert/strict';
import { test } from 'node:test';
import { macroAccuracy, perCategoryAccuracy } from './per-category.js';
import type { ScoredPair } from './types.js';

const pair = (
  category: string | undefined,
  preference: ScoredPair['preference'],
  scoreA: number,
  scoreB: number,
) => ({
  category,
  preference,
  scoreA,
  scoreB,
});

test('per-category strict accuracy and the unweighted macro average', () => {
  const pairs: ScoredPair[] = [
    // color_alter: 3 of 4 right
    pair('color_alter', 'a', 9, 2),
    pair('color_alter', 'a', 8, 7),
    pair('color_alter', 'b', 1, 3),
    pair('color_alter', 'b', 5, 5),
    // remove: 0 of 1
    pair('remove', 'a', 1, 2),
    // style: only a same pair, so no accuracy
    pair('style', 'same', 4, 4),
    // no category: 1 of 1
    pair(undefined, 'a', 3, 2),
  ];
  const groups = perCategoryAccuracy(pairs);
  assert.deepEqual(groups, {
    color_alter: { n: 4, accuracy: 0.75 },
    remove: { n: 1, accuracy: 0 },
    style: { n: 0, accuracy: null },
    uncategorized: { n: 1, accuracy: 1 },
  });
  // (0.75 + 0 + 1) / 3, not the pooled 4/6: each category weighs the same.
  assert.equal(macroAccuracy(groups), 1.75 / 3);
  assert.equal(macroAccuracy({ style: { n: 0, accuracy: null } }), null);
});
