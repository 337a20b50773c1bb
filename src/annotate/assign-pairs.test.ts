import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignPairs } from './assign-pairs.js';

const PAIRS = Array.from({ length: 25 }, (_, i) => `p${i + 1}`);
const PEOPLE = ['alice', 'bob', 'carol', 'dan'];

test('each pair goes to perPair distinct annotators, loads differ by at most one', () => {
  const assignments = assignPairs(PAIRS, PEOPLE, 2, 7);
  assert.equal(assignments.length, 50);
  for (const id of PAIRS) {
    const who = assignments.filter((a) => a.pairId === id).map((a) => a.annotator);
    assert.equal(new Set(who).size, 2, id);
  }
  const loads = PEOPLE.map((name) => assignments.filter((a) => a.annotator === name).length);
  assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, String(loads));
  // Positions per annotator run 0..n-1.
  for (const name of PEOPLE) {
    const positions = assignments.filter((a) => a.annotator === name).map((a) => a.position);
    assert.deepEqual(
      positions.sort((x, y) => x - y),
      [...positions.keys()],
    );
  }
  // Every two annotators share some pairs, so each Cohen's kappa has data.
  for (let i = 0; i < PEOPLE.length; i++) {
    for (let j = i + 1; j < PEOPLE.length; j++) {
      const shared = PAIRS.filter((id) =>
        [PEOPLE[i], PEOPLE[j]].every((n) => assignments.some((a) => a.pairId === id && a.annotator === n)),
      );
      assert.ok(shared.length > 0, `${PEOPLE[i]} and ${PEOPLE[j]} share no pair`);
    }
  }
});

test('the same seed gives the same assignment; another seed another; left sides are mixed', () => {
  const first = assignPairs(PAIRS, PEOPLE, 2, 7);
  assert.deepEqual(assignPairs(PAIRS, PEOPLE, 2, 7), first);
  assert.notDeepEqual(assignPairs(PAIRS, PEOPLE, 2, 8), first);
  const lefts = first.filter((a) => a.left === 'a').length;
  assert.ok(lefts > 10 && lefts < 40, `a on the left ${lefts} of 50 times`);
});

test('perPair must be 1..annotators', () => {
  assert.throws(
    () => assignPairs(PAIRS, PEOPLE, 5, 1),
    /--per-pair must be an integer from 1 to the number of annotators \(4\)/,
  );
  assert.throws(() => assignPairs(PAIRS, PEOPLE, 0, 1), /--per-pair/);
  assert.equal(assignPairs(PAIRS, PEOPLE, 4, 1).length, 100);
});
