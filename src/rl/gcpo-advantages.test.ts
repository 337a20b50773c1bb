import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../core/index.js';
import { gcpoAdvantages, meanCentred } from './gcpo-advantages.js';
import { winLossRewards } from './win-loss-rewards.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('gcpoAdvantages', () => {
  it('centres each group on its own mean, with no std division', () => {
    // From winLossRewards([7, 5, 3], [5, 4, 8]): r_w = [2/3, 1/3, 0] (mean 1/3), r_l = [1/3, 2/3, 0] (mean 1/3).
    // A_w = [1/3, 0, -1/3], A_l = [0, 1/3, -1/3]. A std division would have made them +-1.22.
    const a = gcpoAdvantages(winLossRewards([7, 5, 3], [5, 4, 8]));
    [1 / 3, 0, -1 / 3].forEach((x, i) => close(a.winner[i]!, x));
    [0, 1 / 3, -1 / 3].forEach((x, i) => close(a.loser[i]!, x));
  });

  it('gives 0 to a group of one and to a group whose rewards all tie', () => {
    assert.deepEqual(gcpoAdvantages(winLossRewards([6], [4])), { winner: [0], loser: [0] });
    // r_w = [1, 1] (both 9s beat both 1s): A_w = [0, 0]; r_l = [1, 1]: A_l = [0, 0].
    assert.deepEqual(gcpoAdvantages(winLossRewards([9, 9], [1, 1])), { winner: [0, 0], loser: [0, 0] });
  });

  it('advantages of each group sum to zero', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 50; trial++) {
      const n = rng.int(1, 12);
      const draw = (): number[] => Array.from({ length: n }, () => rng.int(0, 20) / 2);
      const a = gcpoAdvantages(winLossRewards(draw(), draw()));
      close(
        a.winner.reduce((s, x) => s + x, 0),
        0,
      );
      close(
        a.loser.reduce((s, x) => s + x, 0),
        0,
      );
    }
  });
});

describe('meanCentred', () => {
  it('subtracts the mean', () => {
    // mean of [1, 2, 6] = 3
    assert.deepEqual(meanCentred([1, 2, 6]), [-2, -1, 3]);
    assert.deepEqual(meanCentred([]), []);
  });
});
