import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BorderReport, PixelFacts, ToneStats } from '../images/index.js';
import { applyHardRules } from './hard-rules.js';

const tone: ToneStats = {
  brightness: 0.5,
  contrast: 0.2,
  saturation: 0.3,
  warmth: 0,
  clippedSaturationShare: 0,
  grayscale: false,
};
const noBorder: BorderReport = {
  sides: { top: 0, right: 0, bottom: 0, left: 0 },
  kind: 'none',
  added: false,
  frame: false,
};

function facts(overrides: Partial<PixelFacts>): PixelFacts {
  return {
    analysisWidth: 256,
    analysisHeight: 192,
    meanAbsDiff: 0.05,
    ssim: 0.8,
    changedShare: 0.1,
    nearIdentical: false,
    changeMap: { cols: 1, rows: 1, cells: [0.05], threshold: 0.04, bbox: null },
    sourceTone: tone,
    editedTone: tone,
    border: noBorder,
    sourceAspect: 4 / 3,
    editedAspect: 4 / 3,
    ...overrides,
  };
}

test('a normal edit keeps the judge score and applies no rule', () => {
  assert.deepEqual(applyHardRules(facts({}), 7.5, 'Make the ball blue'), {
    finalScore: 7.5,
    rulesApplied: [],
  });
});

test('a near-identical edit scores 0 and records what was measured and the score it overrode', () => {
  const out = applyHardRules(
    facts({ nearIdentical: true, meanAbsDiff: 0.001, changedShare: 0 }),
    9,
    'Make the ball blue',
  );
  assert.equal(out.finalScore, 0);
  assert.equal(out.rulesApplied.length, 1);
  assert.equal(out.rulesApplied[0]!.rule, 'near-identical');
  assert.equal(out.rulesApplied[0]!.scoreBefore, 9);
  assert.match(out.rulesApplied[0]!.reason, /0\.26\/255/);
});

test('an added white border scores 0; one the source already had does not', () => {
  const white: BorderReport = {
    sides: { top: 0.06, right: 0, bottom: 0.06, left: 0 },
    kind: 'white',
    added: true,
    frame: true,
  };
  const out = applyHardRules(facts({ border: white }), 8, 'Make the ball blue');
  assert.equal(out.finalScore, 0);
  assert.match(out.rulesApplied[0]!.reason, /top 6\.0%/);
  assert.equal(
    applyHardRules(facts({ border: { ...white, added: false } }), 8, 'Make the ball blue').finalScore,
    8,
  );
});

test('a flat non-white border is not a hard rule (the judge weighs it)', () => {
  const black: BorderReport = {
    sides: { top: 0.1, right: 0, bottom: 0.1, left: 0 },
    kind: 'flat',
    added: true,
    frame: true,
  };
  assert.equal(applyHardRules(facts({ border: black }), 6, 'Make it cinematic').finalScore, 6);
});

test('a border the instruction asks for is the goal, not a defect', () => {
  const white: BorderReport = {
    sides: { top: 0.05, right: 0.05, bottom: 0.05, left: 0.05 },
    kind: 'white',
    added: true,
    frame: true,
  };
  assert.equal(
    applyHardRules(facts({ border: white }), 9, 'Add a white frame around the photo').finalScore,
    9,
  );
});

test('both rules are recorded when both hold; a missing judge score stays null in the record', () => {
  const white: BorderReport = {
    sides: { top: 0.05, right: 0, bottom: 0, left: 0 },
    kind: 'white',
    added: true,
    frame: true,
  };
  const out = applyHardRules(facts({ nearIdentical: true, border: white }), null, 'Remove the cup');
  assert.deepEqual(
    out.rulesApplied.map((r) => [r.rule, r.scoreBefore]),
    [
      ['near-identical', null],
      ['white-border', null],
    ],
  );
  assert.equal(out.finalScore, 0);
});

test('without a judge score and with no rule firing, the outcome has no score either', () => {
  assert.equal(applyHardRules(facts({}), null, 'Remove the cup').finalScore, null);
});

test('a border left unmeasured (no side could hold a near-white band) applies no border rule', () => {
  assert.deepEqual(applyHardRules({ border: null, nearIdentical: false }, 6, 'Make the ball blue'), {
    finalScore: 6,
    rulesApplied: [],
  });
});
