import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PointVerdict, Verdict } from '../core/index.js';
import { vieScore, vieScoreFromVerdict } from './vie-score.js';

test('VIEScore: SC and PQ are the least sub-score, O their geometric mean', () => {
  const { sc, pq, o } = vieScore({ sc: [8, 6], pq: [9, 4] });
  assert.deepEqual([sc, pq], [6, 4]);
  assert.ok(Math.abs(o - Math.sqrt(24)) < 1e-12); // 4.898979...
  assert.throws(() => vieScore({ sc: [], pq: [5] }), /at least one SC/);
  assert.throws(() => vieScore({ sc: [11], pq: [5] }), /0-10/);
});

function verdict(points: Pick<PointVerdict, 'category' | 'score'>[]): Verdict {
  return {
    points: points.map((p, i) => ({ ...p, question: `q${i}` })),
    averageScore: null,
    finalScore: 5,
    trace: '',
    judge: 'test',
    rulesApplied: [],
    verifiedShare: 1,
    latencyMs: 0,
  };
}

test('from a verdict: SC = 10 x follow share, PQ = 10 x quality share, unverified points left out', () => {
  const result = vieScoreFromVerdict(
    verdict([
      { category: 'instruction-following', score: 1 },
      { category: 'instruction-following', score: 1 },
      { category: 'instruction-following', score: 0 },
      { category: 'instruction-following', score: null },
      { category: 'feature-preservation', score: 0 }, // in neither
      { category: 'image-quality', score: 1 },
      { category: 'image-quality', score: 0 },
    ]),
  )!;
  assert.ok(Math.abs(result.sc - 20 / 3) < 1e-12);
  assert.equal(result.pq, 5);
  assert.ok(Math.abs(result.o - Math.sqrt((20 / 3) * 5)) < 1e-12); // 5.7735...
});

test('from a verdict with no verified quality point: null, not a made-up score', () => {
  const result = vieScoreFromVerdict(
    verdict([
      { category: 'instruction-following', score: 1 },
      { category: 'image-quality', score: null },
    ]),
  );
  assert.equal(result, null);
});
