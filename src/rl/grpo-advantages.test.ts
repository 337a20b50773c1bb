import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, createRng } from '../core/index.js';
import { grpoAdvantages } from './grpo-advantages.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const allClose = (a: number[], b: number[], tol = 1e-12): void => {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => close(x, b[i]!, tol));
};

describe('grpoAdvantages', () => {
  // One group, rewards [1, 2, 3, 4]: mean 2.5, deviations [-1.5, -0.5, 0.5, 1.5], squares sum to 5.
  // Sample std sqrt(5/3) = 1.29099..., population std sqrt(5/4) = 1.11803...
  const rewards = [1, 2, 3, 4];
  const ids = ['a', 'a', 'a', 'a'];
  const deviations = [-1.5, -0.5, 0.5, 1.5];

  it('defaults to group scope, sample std, eps 1e-4 (TRL)', () => {
    const out = grpoAdvantages(rewards, ids);
    allClose(
      out.advantages,
      deviations.map((d) => d / (Math.sqrt(5 / 3) + 1e-4)),
    );
    assert.deepEqual(out.groupMean, [2.5, 2.5, 2.5, 2.5]);
    allClose(
      out.groupStd,
      [1, 1, 1, 1].map(() => Math.sqrt(5 / 3)),
    );
    assert.equal(out.groups, 1);
    assert.equal(out.zeroStdGroups, 0);
  });

  it('population std and eps 0 give +-1.5/1.118 and +-0.5/1.118 (Flow-GRPO-style np.std)', () => {
    const out = grpoAdvantages(rewards, ids, { std: 'population', eps: 0 });
    allClose(
      out.advantages,
      [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738],
    );
  });

  it('scale none is Dr. GRPO: only the group mean is subtracted', () => {
    assert.deepEqual(grpoAdvantages(rewards, ids, { scale: 'none' }).advantages, deviations);
  });

  it('handles interleaved groups, one of them tied (zero std gives exactly 0)', () => {
    // ids [a, b, a, b], rewards [1, 10, 3, 10]: a = {1, 3}, mean 2, deviations -1, +1, sample std sqrt(2);
    // b = {10, 10}: std 0, advantages exactly 0, counted in zeroStdGroups.
    const out = grpoAdvantages([1, 10, 3, 10], ['a', 'b', 'a', 'b'], { eps: 0 });
    allClose(out.advantages, [-1 / Math.SQRT2, 0, 1 / Math.SQRT2, 0]);
    assert.equal(out.advantages[1], 0);
    assert.equal(out.zeroStdGroups, 1);
    assert.equal(out.groups, 2);
  });

  it('scale batch divides by the std of the whole batch but still subtracts each group mean', () => {
    // ids [a, a, b, b], rewards [1, 3, 5, 7]: group means 2 and 6, deviations [-1, 1, -1, 1].
    // Batch [1, 3, 5, 7]: mean 4, squares 9+1+1+9 = 20; population std sqrt(5), sample std sqrt(20/3).
    const pop = grpoAdvantages([1, 3, 5, 7], ['a', 'a', 'b', 'b'], {
      scale: 'batch',
      std: 'population',
      eps: 0,
    });
    allClose(
      pop.advantages,
      [-1, 1, -1, 1].map((d) => d / Math.sqrt(5)),
    );
    const sample = grpoAdvantages([1, 3, 5, 7], [0, 0, 1, 1], { scale: 'batch', eps: 0.5 });
    allClose(
      sample.advantages,
      [-1, 1, -1, 1].map((d) => d / (Math.sqrt(20 / 3) + 0.5)),
    );
  });

  it('gives a group of one advantage 0 (verl would give r / (1 + eps))', () => {
    // ids [a, b, b], rewards [5, 1, 3]: a alone -> 0; b = {1, 3}: +-1 / sqrt(2).
    const out = grpoAdvantages([5, 1, 3], ['a', 'b', 'b'], { eps: 0 });
    allClose(out.advantages, [0, -1 / Math.SQRT2, 1 / Math.SQRT2]);
    assert.equal(out.zeroStdGroups, 1);
    assert.deepEqual(grpoAdvantages([4], ['x']).advantages, [0]);
    assert.deepEqual(grpoAdvantages([4], ['x'], { scale: 'batch' }).advantages, [0]);
  });

  it('clamps to [-clip, clip] when asked (Flow-GRPO adv_clip_max)', () => {
    // Nine 0s and one 10: mean 1, deviations nine -1s and one 9; clip 5 turns 9 into 5.
    const r = [0, 0, 0, 0, 0, 0, 0, 0, 0, 10];
    const out = grpoAdvantages(
      r,
      r.map(() => 'g'),
      { scale: 'none', clip: 5 },
    );
    assert.deepEqual(out.advantages, [-1, -1, -1, -1, -1, -1, -1, -1, -1, 5]);
  });

  it('advantages of every group sum to zero under group and none scaling, and batch', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 30; trial++) {
      const n = rng.int(1, 40);
      const r = Array.from({ length: n }, () => rng.next() * 10);
      const g = Array.from({ length: n }, () => rng.int(0, 4));
      for (const scale of ['group', 'batch', 'none'] as const) {
        const out = grpoAdvantages(r, g, { scale });
        const sums = new Map<number, number>();
        g.forEach((id, i) => sums.set(id, (sums.get(id) ?? 0) + out.advantages[i]!));
        for (const s of sums.values()) close(s, 0, 1e-9);
      }
    }
  });

  it('rejects mismatched lengths, non-finite rewards and bad options', () => {
    assert.throws(() => grpoAdvantages([1, 2], ['a']), /one id per reward/);
    assert.throws(() => grpoAdvantages([1, Number.NaN], ['a', 'a']), /reward 1 is NaN/);
    assert.throws(() => grpoAdvantages([1], ['a'], { eps: -1 }), UsageError);
    assert.throws(() => grpoAdvantages([1], ['a'], { clip: 0 }), UsageError);
    assert.throws(() => grpoAdvantages([1], ['a'], { scale: 'prompt' as 'group' }), /group, batch, none/);
  });
});
