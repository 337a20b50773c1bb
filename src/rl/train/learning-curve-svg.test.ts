import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningCurveSvg } from './learning-curve-svg.js';
import type { StepRecord } from './step-record.js';

const record = (step: number, loss: number, rewardMean: number): StepRecord => ({
  algorithm: 'grpo',
  step,
  loss,
  rewardMean,
  rewardStd: 0,
  advantageMean: 0,
  advantageStd: 0,
  advantageMin: 0,
  advantageMax: 0,
  clipFraction: 0,
  approxKl: 0,
  klRef: null,
  entropy: null,
  traceLength: 1,
  lr: 0.01,
  gradNorm: 0,
  skippedUpdates: 0,
  seconds: 0,
  extra: {},
});

const points = (svg: string): string[][] =>
  [...svg.matchAll(/points="([^"]*)"/g)].map((m) => m[1]!.split(' ').filter(Boolean));

describe('learningCurveSvg', () => {
  it('draws loss and reward as one point per step, each scaled to its own range', () => {
    // Defaults: width 640, panels 180 high, margins left 56, right 12, top 22, bottom 20: the plot
    // spans x 56..628 and, in panel 0, y 22..160; in panel 1, y 202..340.
    const svg = learningCurveSvg([record(0, 2, 0), record(1, 1, 0.5), record(2, 0, 1)], { title: 'a<b' });
    const [loss, reward] = points(svg);
    assert.deepEqual(loss, ['56.0,22.0', '342.0,91.0', '628.0,160.0']);
    assert.deepEqual(reward, ['56.0,340.0', '342.0,271.0', '628.0,202.0']);
    assert.match(svg, /<title>a&lt;b<\/title>/);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('leaves out non-finite values and draws an empty run without NaN', () => {
    const [loss] = points(learningCurveSvg([record(0, NaN, 0), record(1, 1, 0)]));
    assert.equal(loss!.length, 1);
    const empty = learningCurveSvg([]);
    assert.ok(!empty.includes('NaN'));
    assert.deepEqual(points(empty), [[], []]);
  });
});
