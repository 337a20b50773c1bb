import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, createRng } from '../core/index.js';
import { winLossRewards } from './win-loss-rewards.js';

describe('winLossRewards', () => {
  it('counts strict wins over N, ties scoring 0 but staying in the denominator', () => {
    // N = 3, winner scores w = [7, 5, 3], loser scores l = [5, 4, 8].
    // r_w[0]: 7 > 5, 7 > 4, 7 > 8? no       -> 2/3
    // r_w[1]: 5 > 5? tie (0), 5 > 4, 5 > 8? no -> 1/3
    // r_w[2]: 3 beats none                     -> 0
    // r_l[0]: 5 < 7, 5 < 5? tie (0), 5 < 3? no -> 1/3
    // r_l[1]: 4 < 7, 4 < 5, 4 < 3? no          -> 2/3
    // r_l[2]: 8 is below none                   -> 0
    const r = winLossRewards([7, 5, 3], [5, 4, 8]);
    assert.deepEqual(r.winner, [2 / 3, 1 / 3, 0]);
    assert.deepEqual(r.loser, [1 / 3, 2 / 3, 0]);
  });

  it('handles N = 1: a win, a tie and a mis-ranking', () => {
    assert.deepEqual(winLossRewards([6], [4]), { winner: [1], loser: [1] }); // 6 > 4 both ways
    assert.deepEqual(winLossRewards([5], [5]), { winner: [0], loser: [0] }); // tie: 0 / 1
    assert.deepEqual(winLossRewards([3], [9]), { winner: [0], loser: [0] }); // loser above: nobody earns
  });

  it('gives all zeros when every trace ties', () => {
    assert.deepEqual(winLossRewards([5, 5], [5, 5]), { winner: [0, 0], loser: [0, 0] });
  });

  it('accepts a Float64Array', () => {
    // w = [2, 1], l = [1, 3]: r_w = [1/2 (2 > 1), 0 (1 > 1 tie)], r_l = [1/2 (1 < 2), 0 (3 above both)]
    assert.deepEqual(winLossRewards(new Float64Array([2, 1]), new Float64Array([1, 3])), {
      winner: [0.5, 0],
      loser: [0.5, 0],
    });
  });

  it('gives both groups the same mean reward (both count the pairs where w beats l), in steps of 1/N', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = rng.int(1, 9);
      // Half-point scores in 0..10, as the RRM writes them, so ties are common.
      const draw = (): number[] => Array.from({ length: n }, () => rng.int(0, 20) / 2);
      const w = draw();
      const l = draw();
      const r = winLossRewards(w, l);
      let pairs = 0;
      for (const a of w) for (const b of l) if (a > b) pairs++;
      const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(sum(r.winner) - pairs / n) < 1e-12);
      assert.ok(Math.abs(sum(r.loser) - pairs / n) < 1e-12);
      for (const x of [...r.winner, ...r.loser]) {
        assert.ok(x >= 0 && x <= 1);
        assert.ok(Math.abs(x * n - Math.round(x * n)) < 1e-12);
      }
    }
  });

  it('rejects empty groups, unequal N and non-finite scores', () => {
    assert.throws(() => winLossRewards([], []), UsageError);
    assert.throws(() => winLossRewards([1, 2], [1]), /the same N/);
    assert.throws(() => winLossRewards([1, Number.NaN], [1, 2]), /winner score 1 is NaN/);
    assert.throws(() => winLossRewards([1, 2], [Infinity, 2]), /loser score 0/);
  });
});
