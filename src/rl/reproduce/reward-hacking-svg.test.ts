import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepRecord } from '../train/index.js';
import { plotPosition, rewardHackingSvg } from './reward-hacking-svg.js';
import { runReportHtml } from './run-report.js';

function record(step: number, rewardMean: number, oracleMean?: number): StepRecord {
  return {
    algorithm: 'grpo',
    step,
    loss: 0.1 * step,
    rewardMean,
    rewardStd: 0,
    advantageMean: 0,
    advantageStd: 1,
    advantageMin: -1,
    advantageMax: 1,
    clipFraction: 0,
    approxKl: 0,
    klRef: null,
    entropy: null,
    traceLength: 3,
    lr: 1e-3,
    gradNorm: 1,
    skippedUpdates: 0,
    seconds: 0.1,
    extra: oracleMean === undefined ? {} : { oracleMean },
  };
}

describe('rewardHackingSvg', () => {
  it('places steps and 0-1 values inside the margins (hand-computed)', () => {
    // width 640: plot x from 44 to 628 (584 wide); height 240: plot y from 24 to 218 (194 high).
    const size = { width: 640, height: 240 };
    assert.deepEqual(plotPosition(0, 1, { min: 0, max: 4 }, size), { x: 44, y: 24 });
    assert.deepEqual(plotPosition(4, 0, { min: 0, max: 4 }, size), { x: 628, y: 218 });
    // step 1 of 0..4: 44 + 584/4 = 190; value 0.5: 24 + 97 = 121. Values past 1 are clamped to the top.
    assert.deepEqual(plotPosition(1, 0.5, { min: 0, max: 4 }, size), { x: 190, y: 121 });
    assert.deepEqual(plotPosition(1, 1.7, { min: 0, max: 4 }, size), { x: 190, y: 24 });
  });

  it('draws the judge reward and the oracle score as two lines, one point per step', () => {
    const svg = rewardHackingSvg([record(0, 0.5, 0.25), record(1, 1, 0.25), record(2, 1)]);
    const judge = /data-series="judge reward"[^>]*points="([^"]*)"/.exec(svg)![1]!;
    const oracle = /data-series="oracle score"[^>]*points="([^"]*)"/.exec(svg)![1]!;
    // steps 0..2 over 584 px: x = 44, 336, 628; y(0.5) = 121, y(1) = 24, y(0.25) = 24 + 0.75 * 194 = 169.5.
    assert.equal(judge, '44.0,121.0 336.0,24.0 628.0,24.0');
    // The last step has no oracle score (a log from elsewhere), so the oracle line stops at step 1.
    assert.equal(oracle, '44.0,169.5 336.0,169.5');
  });

  it('the run report shows the watch only for runs whose steps carry the oracle', () => {
    const facts = [['seed', '1']] as const;
    const watched = runReportHtml({ title: 'editor', records: [record(0, 0.5, 0.2)], facts });
    const plain = runReportHtml({ title: 'gcpo', records: [record(0, 0.5)], facts });
    assert.match(watched, /Reward-hacking watch/);
    assert.doesNotMatch(plain, /Reward-hacking watch/);
    assert.match(plain, /<th>seed<\/th><td>1<\/td>/);
    assert.match(plain, /<svg/);
  });
});
