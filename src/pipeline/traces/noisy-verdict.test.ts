import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PointVerdict, Verdict } from '../../core/index.js';
import { createRng } from '../../core/index.js';
import { mixSeeds, noisyVerdict } from './noisy-verdict.js';

function verdict(scores: (0 | 1)[], rules: Verdict['rulesApplied'] = []): Verdict {
  const points: PointVerdict[] = scores.map((score, i) => ({
    question: `Q${i}?`,
    category: 'instruction-following',
    score,
    reason: `measured ${i}`,
  }));
  return {
    points,
    averageScore: null,
    finalScore: 9,
    trace: '',
    judge: 'embedded',
    rulesApplied: rules,
    verifiedShare: 1,
    latencyMs: 0,
  };
}

describe('noisyVerdict', () => {
  it('scores the share passed to the nearest half: 2 of 3 -> 6.67 -> 6.5; 1 of 3 -> 3.33 -> 3.5; 5 of 7 -> 7.14 -> 7', () => {
    assert.equal(noisyVerdict(verdict([1, 1, 0]), 0, 1).finalScore, 6.5);
    assert.equal(noisyVerdict(verdict([1, 0, 0]), 0, 1).finalScore, 3.5);
    assert.equal(noisyVerdict(verdict([1, 1, 1, 1, 1, 0, 0]), 0, 1).finalScore, 7);
  });

  it('flips exactly the points whose draw falls below flip, in order, one draw per point', () => {
    const seed = 99;
    const draws = Array.from(
      { length: 6 },
      (
        (rng) => () =>
          rng.next()
      )(createRng(seed)),
    );
    const scores: (0 | 1)[] = [1, 0, 1, 0, 1, 1];
    const noisy = noisyVerdict(verdict(scores), 0.4, seed);
    const expected = scores.map((s, i) => (draws[i]! < 0.4 ? 1 - s : s));
    assert.deepEqual(
      noisy.points.map((p) => p.score),
      expected,
    );
    assert.equal(noisy.flipped, draws.filter((d) => d < 0.4).length);
    noisy.points.forEach((p, i) => {
      if (p.score === scores[i]) assert.equal(p.reason, `measured ${i}`);
      else assert.doesNotMatch(p.reason!, /measured/);
    });
  });

  it('keeps 0 after a near-identical or white-border rule, but not after the artefacts rule', () => {
    const rule = (name: 'near-identical' | 'white-border' | 'artefacts') => [
      { rule: name, reason: `${name} seen`, scoreBefore: 5 },
    ];
    assert.equal(noisyVerdict(verdict([1, 1], rule('near-identical')), 0, 1).finalScore, 0);
    assert.equal(noisyVerdict(verdict([1, 1], rule('white-border')), 1, 1).finalScore, 0);
    assert.equal(noisyVerdict(verdict([1, 1], rule('artefacts')), 0, 1).finalScore, 10);
  });

  it('mixes seeds into 32 bits: order matters and large unit seeds are accepted', () => {
    assert.notEqual(mixSeeds(1, 2), mixSeeds(2, 1));
    assert.equal(mixSeeds(0, 7), 7);
    assert.ok(Number.isInteger(mixSeeds(3, 2 ** 40 + 5)));
    assert.equal(mixSeeds(3, 2 ** 40 + 5), mixSeeds(3, 5));
  });
});
