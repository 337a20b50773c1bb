import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracyWithTies } from './accuracy-with-ties.js';
import { findTieMargin } from './find-tie-margin.js';
import type { ScoredPair } from './types.js';

const pair = (preference: ScoredPair['preference'], scoreA: number, scoreB: number): ScoredPair => ({
  preference,
  scoreA,
  scoreB,
});

/** Gaps: same 0.5, same 1, same 0.4; a/b pairs ranked right with gaps 1, 3 and 0.25. */
const PAIRS = [
  pair('same', 5, 5.5),
  pair('same', 3, 4),
  pair('same', 2, 2.4),
  pair('a', 7, 6),
  pair('a', 8, 5),
  pair('b', 6, 6.25),
];

test('accuracyWithTies: same within the margin is right, a/b must win by more than it', () => {
  // margin 0: no same pair is within it; the three a/b pairs win by more than 0.
  assert.equal(accuracyWithTies(PAIRS, 0), 3 / 6);
  // margin 0.5: same 0.5 and 0.4 in; a/b gaps 1 and 3 > 0.5, 0.25 not.
  assert.equal(accuracyWithTies(PAIRS, 0.5), 4 / 6);
  // margin 1: all three same pairs in (1 <= 1); only the gap of 3 > 1.
  assert.equal(accuracyWithTies(PAIRS, 1), 4 / 6);
  // margin 3: same all in; no a/b pair wins by more than 3.
  assert.equal(accuracyWithTies(PAIRS, 3), 3 / 6);
  assert.equal(accuracyWithTies([], 1), null);
});

test('a pair ranked the wrong way is wrong at every margin; a tied a/b pair too', () => {
  assert.equal(accuracyWithTies([pair('a', 3, 4)], 0), 0);
  assert.equal(accuracyWithTies([pair('a', 3, 4)], 2), 0);
  assert.equal(accuracyWithTies([pair('b', 4, 4)], 0), 0);
  assert.equal(accuracyWithTies([pair('same', 4, 4)], 0), 1);
});

test('findTieMargin: the smallest margin with the best accuracy (hand count: 0.5 and 1 give 4/6)', () => {
  // Candidates 0, 0.25, 0.4, 0.5, 1, 3 give 3, 2, 3, 4, 4, 3 right of 6.
  assert.deepEqual(findTieMargin(PAIRS), { margin: 0.5, accuracy: 4 / 6 });
});

test('findTieMargin agrees with a brute-force search over every observed gap', () => {
  const pairs: ScoredPair[] = [];
  const prefs = ['a', 'b', 'same'] as const;
  for (let i = 0; i < 60; i++) {
    pairs.push(pair(prefs[(i * 7) % 3]!, ((i * 37) % 21) / 2, ((i * 53) % 19) / 2));
  }
  const gaps = [0, ...pairs.map((p) => Math.abs(p.scoreA - p.scoreB))];
  const best = Math.max(...gaps.map((g) => accuracyWithTies(pairs, g)!));
  const smallest = Math.min(...gaps.filter((g) => accuracyWithTies(pairs, g) === best));
  assert.deepEqual(findTieMargin(pairs), { margin: smallest, accuracy: best });
});

test('findTieMargin: without same pairs the margin is 0 and the accuracy the strict one', () => {
  assert.deepEqual(findTieMargin([pair('a', 5, 4), pair('b', 5, 4), pair('a', 6, 6)]), {
    margin: 0,
    accuracy: 1 / 3,
  });
  assert.equal(findTieMargin([]), null);
});
