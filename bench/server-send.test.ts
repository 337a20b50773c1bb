import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outsideJudgeMs } from './server-send.js';

test("outsideJudgeMs is the header's total less its judge", () => {
  const header = 'images;dur=2.1, queue;dur=0.0, judge;dur=211.3, total;dur=219.0';
  assert.equal(outsideJudgeMs(header).toFixed(1), '7.7');
});

test('outsideJudgeMs refuses a header without both entries rather than report a number', () => {
  assert.throws(() => outsideJudgeMs(undefined), /no total and judge/);
  assert.throws(() => outsideJudgeMs('images;dur=2.1, total;dur=219.0'), /no total and judge/);
});
