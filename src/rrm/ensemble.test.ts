import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../core/index.js';
import { summarizeSamples } from './ensemble.js';

const verdict = (finalScore: number): Verdict => ({
  points: [],
  averageScore: null,
  finalScore,
  trace: '',
  judge: 'test',
  rulesApplied: [],
  verifiedShare: 1,
  latencyMs: 0,
});

test('mean, median, population std and range of the parsed scores (hand-computed)', () => {
  // scores 2, 4, 4, 10: mean 5, median (4+4)/2 = 4, variance (9+1+1+25)/4 = 9, std 3
  const s = summarizeSamples([10, 4, 2, 4].map(verdict), []);
  assert.deepEqual(s, { n: 4, parsed: 4, failedShare: 0, mean: 5, median: 4, std: 3, min: 2, max: 10 });
});

test('an odd count takes the middle score as median', () => {
  assert.equal(summarizeSamples([7, 1, 3].map(verdict), []).median, 3);
});

test('failed samples count in n and failedShare only, never as a score', () => {
  const s = summarizeSamples([8, 6, 7].map(verdict), [{ index: 3, error: 'no score', raw: 'I cannot help' }]);
  assert.equal(s.n, 4);
  assert.equal(s.parsed, 3);
  assert.equal(s.failedShare, 0.25);
  assert.equal(s.mean, 7);
});

test('with no parsed sample every statistic is NaN, not a made-up number', () => {
  const s = summarizeSamples([], [{ index: 0, error: 'x', raw: '' }]);
  assert.equal(s.failedShare, 1);
  assert.ok(Number.isNaN(s.mean) && Number.isNaN(s.median) && Number.isNaN(s.std));
});
