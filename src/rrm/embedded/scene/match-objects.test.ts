import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchObjects, UNPAIRED_COST } from './match-objects.js';
import type { ParsedObject } from './types.js';

const at = (x: number, y = 0.5, size = 0.1): ParsedObject => ({
  shape: 'circle',
  color: 'red',
  pattern: 'solid',
  x,
  y,
  size,
  area: 0.03,
});

test('matchObjects: the least total distance, not nearest first', () => {
  // from[0] at 0.40 is nearest to[0] (0.03) but then from[1] pays 0.11: 0.14 in all; crossed, 0.04 + 0.04.
  assert.deepEqual(matchObjects([at(0.4), at(0.33)], [at(0.37), at(0.44)]), [1, 0]);
});

test('matchObjects: an object with no counterpart within UNPAIRED_COST is left unpaired (-1)', () => {
  assert.equal(UNPAIRED_COST, 0.3);
  assert.deepEqual(matchObjects([at(0.1), at(0.9)], [at(0.12)]), [0, -1]);
  assert.deepEqual(matchObjects([at(0.1)], [at(0.5)]), [-1]);
  assert.deepEqual(matchObjects([], [at(0.5)]), []);
  assert.deepEqual(matchObjects([at(0.5)], []), [-1]);
});

test('matchObjects: size breaks a tie in distance', () => {
  // Both candidates 0.05 away; the one of the same size wins.
  assert.deepEqual(matchObjects([at(0.5, 0.5, 0.1)], [at(0.45, 0.5, 0.05), at(0.55, 0.5, 0.1)]), [1]);
});

test('matchObjects: beyond the exact search size, pairs are made closest first and still one-to-one', () => {
  const to = Array.from({ length: 16 }, (_, i) => at(i / 16));
  const pairs = matchObjects([at(0.5), at(0.51)], to);
  assert.deepEqual(pairs, [8, 9]);
});
