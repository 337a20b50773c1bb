import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairwiseAccuracy } from './pairwise-accuracy.js';
import type { ScoredPair } from './types.js';

const pair = (preference: ScoredPair['preference'], scoreA: number, scoreB: number): ScoredPair => ({
  preference,
  scoreA,
  scoreB,
});

test('strict accuracy: a tie is wrong, same pairs are counted apart', () => {
  const result = pairwiseAccuracy([
    pair('a', 8, 3), // right
    pair('b', 2, 6), // right
    pair('a', 5, 5), // tie: wrong
    pair('b', 7, 4), // wrong way
    pair('same', 5, 5), // not in n
    pair('same', 9, 1), // not in n
  ]);
  assert.deepEqual(result, { n: 4, correct: 2, accuracy: 0.5, same: 2 });
});

test('no a/b pair: accuracy is null, not 0', () => {
  assert.deepEqual(pairwiseAccuracy([pair('same', 1, 2)]), { n: 0, correct: 0, accuracy: null, same: 1 });
  assert.equal(pairwiseAccuracy([]).accuracy, null);
});
