import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Category, PointVerdict } from '../../core/index.js';
import { OVER_EDIT_CAP, scoreVerifiedPoints } from './final-score.js';

const IF: Category = 'instruction-following';
const FP: Category = 'feature-preservation';
const IQ: Category = 'image-quality';
const point = (category: Category, score: 0 | 1 | null): PointVerdict => ({
  question: 'q?',
  category,
  score,
});

test('weights 0.6 / 0.25 / 0.15 over per-category pass rates', () => {
  // 10 x (0.6 x 1/2 + 0.25 x 2/2 + 0.15 x 0/1) / 1.00 = 10 x 0.55 = 5.5
  const b = scoreVerifiedPoints([point(IF, 1), point(IF, 0), point(FP, 1), point(FP, 1), point(IQ, 0)]);
  assert.equal(b.score, 5.5);
  assert.deepEqual(
    b.tallies.map((t) => [t.category, t.passed, t.verified]),
    [
      [IF, 1, 2],
      [FP, 2, 2],
      [IQ, 0, 1],
    ],
  );
  assert.match(b.account, /= 5\.50$/);
});

test('an unmet instruction point costs more than an unmet quality point', () => {
  // IF missed: 10 x (0 + 0.25 + 0.15) = 4; quality missed: 10 x (0.6 + 0.25 + 0) = 8.5
  const missedCore = scoreVerifiedPoints([point(IF, 0), point(FP, 1), point(IQ, 1)]);
  const missedMinor = scoreVerifiedPoints([point(IF, 1), point(FP, 1), point(IQ, 0)]);
  assert.equal(missedCore.score, 4);
  assert.equal(missedMinor.score, 8.5);
});

test('weights are renormalised over the categories with verified points; unverified points count nowhere', () => {
  // IF unverified: 10 x (0.25 x 1/1 + 0.15 x 0/1) / 0.40 = 6.25
  const b = scoreVerifiedPoints([
    point(IF, null),
    point(IF, null),
    point(FP, 1),
    point(IQ, 0),
    point(IQ, null),
  ]);
  assert.equal(b.score, 6.25);
  assert.match(b.account, /\/ 0\.40 = 6\.25$/);
  // One category only: its pass rate, rounded to 2 decimals (10 x 2/3 = 6.666...)
  assert.equal(scoreVerifiedPoints([point(IF, 1), point(IF, 1), point(IF, 0), point(FP, null)]).score, 6.67);
});

test('nothing verified gives no score, not a zero', () => {
  const b = scoreVerifiedPoints([point(IF, null), point(IQ, null)]);
  assert.equal(b.score, null);
  assert.deepEqual(b.tallies, []);
});

test('an over-edited image is capped, and the account says so; a score already below the cap stays', () => {
  // Uncapped: 10 x (0.6 x 1/1 + 0.25 x 1/2 + 0.15 x 1/1) / 1.00 = 8.75
  const points = [point(IF, 1), point(FP, 0), point(FP, 1), point(IQ, 1)];
  assert.equal(scoreVerifiedPoints(points).score, 8.75);
  const capped = scoreVerifiedPoints(points, { overEdited: true });
  assert.equal(capped.score, OVER_EDIT_CAP);
  assert.match(capped.account, /= 8\.75, capped at 3 because the edit changed far more/);
  // 10 x (0.6 x 0/1 + 0.25 x 0/1) / 0.85 = 0
  assert.equal(scoreVerifiedPoints([point(IF, 0), point(FP, 0)], { overEdited: true }).score, 0);
});
