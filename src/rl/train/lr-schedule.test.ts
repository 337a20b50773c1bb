import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../core/index.js';
import { learningRateAt } from './lr-schedule.js';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

describe('learningRateAt', () => {
  it('constant is the same at every step', () => {
    for (const s of [0, 3, 9]) assert.equal(learningRateAt({ kind: 'constant', lr: 0.01 }, s, 10), 0.01);
  });

  it('warms up linearly, then decays by a cosine to minLr', () => {
    // lr 1, warm-up 2 of 7 steps: steps 0,1 get 1/2, 2/2. Decay spans steps 2..6, p = (s-2)/4.
    // cosine share 0.5(1+cos(pi p)): p=0 -> 1, 0.25 -> 0.853553..., 0.5 -> 0.5, 1 -> 0.
    // With minLr 0.2 the rate is 0.2 + 0.8 * share.
    const sched = { kind: 'cosine', lr: 1, warmupSteps: 2, minLr: 0.2 } as const;
    const got = [0, 1, 2, 3, 4, 6].map((s) => learningRateAt(sched, s, 7));
    const share = 0.5 * (1 + Math.cos(Math.PI / 4));
    [0.5, 1, 1, 0.2 + 0.8 * share, 0.6, 0.2].forEach((want, i) => close(got[i]!, want));
  });

  it('linear decay without warm-up reaches 0 on the last step', () => {
    // 5 steps, p = s/4: 1, 0.75, 0.5, 0.25, 0 times lr 0.4.
    const got = [0, 1, 2, 3, 4].map((s) => learningRateAt({ kind: 'linear', lr: 0.4 }, s, 5));
    [0.4, 0.3, 0.2, 0.1, 0].forEach((want, i) => close(got[i]!, want));
  });

  it('rejects a warm-up as long as the run and a minLr above lr', () => {
    assert.throws(() => learningRateAt({ kind: 'cosine', lr: 1, warmupSteps: 5 }, 0, 5), UsageError);
    assert.throws(() => learningRateAt({ kind: 'linear', lr: 1, minLr: 2 }, 0, 5), UsageError);
    assert.throws(() => learningRateAt({ kind: 'constant', lr: 0 }, 0, 5), UsageError);
  });
});
