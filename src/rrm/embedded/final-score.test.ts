import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Category, PointVerdict } from '../../core/index.js';
import { INCOMPLETE_CAP, MISPLACED_CAP, scoreVerifiedPoints, unrequestedCap } from './final-score.js';

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

test('unrequested changes cap the score at 6 - 1.5 x their weight (at least 1); a score already below stays', () => {
  // Uncapped: 10 x (0.6 x 1/1 + 0.25 x 1/2 + 0.15 x 1/1) / 1.00 = 8.75
  const points = [point(IF, 1), point(FP, 0), point(FP, 1), point(IQ, 1)];
  assert.equal(scoreVerifiedPoints(points).score, 8.75);
  assert.equal(unrequestedCap(1), 4.5);
  assert.equal(unrequestedCap(2), 3);
  assert.equal(unrequestedCap(4), 1);
  const capped = scoreVerifiedPoints(points, { unrequested: 2 });
  assert.equal(capped.score, 3);
  assert.match(capped.account, /= 8\.75, capped at 3\.00 for changes nobody asked for \(weight 2\)/);
  assert.equal(scoreVerifiedPoints(points, { unrequested: 1 }).score, 4.5);
  // 10 x (0.6 x 0/1 + 0.25 x 0/1) / 0.85 = 0
  assert.equal(scoreVerifiedPoints([point(IF, 0), point(FP, 0)], { unrequested: 2 }).score, 0);
});

test('artefacts scale the score by 1 - 0.5 x severity, after any cap', () => {
  const points = [point(IF, 1), point(FP, 0), point(FP, 1), point(IQ, 1)];
  // 8.75 x (1 - 0.5 x 0.4) = 7
  assert.equal(scoreVerifiedPoints(points, { artifactSeverity: 0.4 }).score, 7);
  // min(8.75, 4.5) x (1 - 0.5 x 1) = 2.25; a severity over 1 counts as 1
  assert.equal(scoreVerifiedPoints(points, { unrequested: 1, artifactSeverity: 3 }).score, 2.25);
  assert.match(
    scoreVerifiedPoints(points, { artifactSeverity: 0.4 }).account,
    /x 0\.80 for artefacts \(severity 0\.40\) = 7\.00/,
  );
});

test('an unmet core point caps at 5, or at 2 when something else changed instead', () => {
  // 10 x (0.6 x 2/3 + 0.25 x 1/1 + 0.15 x 1/1) / 1.00 = 8
  const points = [point(IF, 0), point(IF, 1), point(IF, 1), point(FP, 1), point(IQ, 1)];
  assert.equal(scoreVerifiedPoints(points).score, 8);
  assert.equal(scoreVerifiedPoints(points, { coreFailed: true }).score, INCOMPLETE_CAP);
  assert.equal(scoreVerifiedPoints(points, { coreFailed: true, unrequested: 1 }).score, MISPLACED_CAP);
  assert.match(
    scoreVerifiedPoints(points, { coreFailed: true }).account,
    /capped at 5\.00: the main ask is unmet$/,
  );
});
