import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, sampleWithoutReplacement } from './rng.js';

const draws = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

test('the same seed gives the same stream; different seeds differ', () => {
  assert.deepEqual(draws(7, 20), draws(7, 20));
  assert.notDeepEqual(draws(7, 20), draws(8, 20));
});

test('draws stay in [0, 1) and ints in their closed range, small seeds included', () => {
  for (const seed of [0, 1, 2, -1]) {
    const rng = createRng(seed);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      const k = rng.int(3, 5);
      assert.ok(Number.isInteger(k) && k >= 3 && k <= 5);
    }
  }
});

test('the first draws of neighbouring small seeds are not clustered', () => {
  const firsts = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => createRng(s).next());
  const spread = Math.max(...firsts) - Math.min(...firsts);
  assert.ok(spread > 0.3, `first draws ${firsts.join(', ')} cluster`);
});

test('a fork is reproducible and does not replay its parent', () => {
  const a = createRng(3);
  const b = createRng(3);
  const fa = a.fork();
  const fb = b.fork();
  assert.equal(fa.next(), fb.next());
  assert.equal(a.next(), b.next());
  assert.notEqual(createRng(3).fork().next(), createRng(3).next());
});

test('sampling without replacement returns distinct items, k of them, reproducibly', () => {
  const items = Array.from({ length: 24 }, (_, i) => i);
  const pick = sampleWithoutReplacement(items, 4, createRng(11));
  assert.equal(pick.length, 4);
  assert.equal(new Set(pick).size, 4);
  assert.deepEqual(pick, sampleWithoutReplacement(items, 4, createRng(11)));
  assert.equal(sampleWithoutReplacement(items, 40, createRng(1)).length, 24);
  assert.deepEqual(
    items,
    Array.from({ length: 24 }, (_, i) => i),
    'the input is not reordered',
  );
});

test('every item is drawn about equally often (uniformity)', () => {
  const counts = new Array(6).fill(0);
  const rng = createRng(5);
  for (let i = 0; i < 6000; i++) counts[sampleWithoutReplacement([0, 1, 2, 3, 4, 5], 1, rng)[0]!]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `counts ${counts.join(',')}`);
});
