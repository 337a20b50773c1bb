import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import sharp from 'sharp';
import type { Check } from '../../core/index.js';
import type { PixelFacts } from '../../images/index.js';
import type { CheckContext } from './check-result.js';
import { evaluateCheck } from './evaluate-check.js';
import { factsFor, scene, withWhiteBorder, WIDTH } from './test-images.js';

const edits: Record<string, PixelFacts> = {};

before(async () => {
  const base = await scene();
  const pairs: Record<string, Buffer> = {
    copy: await sharp(base).jpeg({ quality: 85 }).toBuffer(),
    square: await scene('#3040e0'),
    brighter: await sharp(base).modulate({ brightness: 1.3 }).png().toBuffer(),
    darker: await sharp(base).modulate({ brightness: 0.7 }).png().toBuffer(),
    grey: await sharp(base).grayscale().png().toBuffer(),
    border: await withWhiteBorder(base),
    stretched: await sharp(base).resize(WIDTH, WIDTH, { fit: 'fill' }).png().toBuffer(),
    neon: await sharp(base).modulate({ saturation: 4 }).png().toBuffer(),
  };
  for (const [name, edited] of Object.entries(pairs)) edits[name] = await factsFor(base, edited);
});

async function check(edit: string, c: Check) {
  const context: CheckContext = {
    facts: edits[edit]!,
    readText: () => assert.fail('a pixel check must not run OCR'),
    readRaster: () => assert.fail('a pixel check must not decode for scene analysis'),
    readScene: () => assert.fail('a pixel check must not parse a scene'),
  };
  return evaluateCheck(c, context);
}

test('changed: a recoloured square passes, a re-encoded copy fails as near-identical', async () => {
  const square = await check('square', { kind: 'changed' });
  assert.equal(square.score, 1);
  assert.match(square.reason, /^4\.7% of the frame changed \(needed >= 0\.3%\)/);
  const copy = await check('copy', { kind: 'changed' });
  assert.equal(copy.score, 0);
  assert.match(copy.reason, /nearly identical/);
});

test('change-localized: the square is local, a global brightening is not', async () => {
  const square = await check('square', { kind: 'change-localized', maxChangedShare: 0.2 });
  assert.equal(square.score, 1);
  assert.match(
    square.reason,
    /4\.7% of the frame changed \(allowed <= 20\.0%\); changed region x 12\.5%-31\.3%/,
  );
  assert.equal((await check('brighter', { kind: 'change-localized', maxChangedShare: 0.2 })).score, 0);
});

test('change-widespread: a global brightening is broad, the square is not', async () => {
  assert.equal((await check('brighter', { kind: 'change-widespread', minChangedShare: 0.5 })).score, 1);
  const square = await check('square', { kind: 'change-widespread', minChangedShare: 0.5 });
  assert.equal(square.score, 0);
  assert.match(square.reason, /needed >= 50\.0%/);
});

test('tone: brightening passes "increase" and fails "decrease"; darkening the reverse', async () => {
  const up = { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 } as const;
  const down = { ...up, direction: 'decrease' } as const;
  const rose = await check('brighter', up);
  assert.equal(rose.score, 1);
  assert.match(rose.reason, /^brightness rose 0\.1\d\d \(0\.527 -> 0\.7\d\d; needed a rise of >= 0\.050\)/);
  assert.equal((await check('brighter', down)).score, 0);
  assert.equal((await check('darker', down)).score, 1);
  assert.equal((await check('darker', up)).score, 0);
  // The square barely moves mean brightness (-0.013): not enough for either direction.
  assert.equal((await check('square', down)).score, 0);
});

test('grayscale: a greyscale conversion passes, the colour square fails', async () => {
  assert.equal((await check('grey', { kind: 'grayscale' })).score, 1);
  const colour = await check('square', { kind: 'grayscale' });
  assert.equal(colour.score, 0);
  assert.match(colour.reason, /keeps colour/);
});

test('no-border: an added white band fails, naming its sides; the square passes', async () => {
  const border = await check('border', { kind: 'no-border' });
  assert.equal(border.score, 0);
  // A 6% band on each side, measured at the 256 px analysis size (where resampling eats a row or so).
  const sides =
    /adds a white (?:border|frame) \(top ([\d.]+)%, right ([\d.]+)%, bottom ([\d.]+)%, left ([\d.]+)%\)/.exec(
      border.reason,
    );
  assert.ok(sides, border.reason);
  for (const side of sides.slice(1)) assert.ok(Math.abs(Number(side) - 6) <= 0.5, `side ${side}%`);
  assert.equal((await check('square', { kind: 'no-border' })).score, 1);
});

test('same-aspect: stretching 4:3 to 1:1 (a 25% change) fails a 5% tolerance', async () => {
  const stretched = await check('stretched', { kind: 'same-aspect', tolerance: 0.05 });
  assert.equal(stretched.score, 0);
  assert.match(stretched.reason, /1\.333 -> 1\.000, a relative change of 25\.0% \(allowed <= 5\.0%\)/);
  assert.equal((await check('square', { kind: 'same-aspect', tolerance: 0.05 })).score, 1);
});

test('not-oversaturated: a 4x saturation boost clips far more than 5% of pixels', async () => {
  const neon = await check('neon', { kind: 'not-oversaturated', maxClippedShare: 0.05 });
  assert.equal(neon.score, 0);
  assert.match(neon.reason, /allowed <= 5\.0%; source 0\.0%/);
  assert.equal((await check('square', { kind: 'not-oversaturated', maxClippedShare: 0.05 })).score, 1);
});

test('a check kind without an evaluator is left to a VLM, not guessed', async () => {
  const unknown = await check('square', { kind: 'symmetry' } as unknown as Check);
  assert.deepEqual(unknown, {
    score: null,
    reason: "needs a VLM: the embedded judge has no evaluator for a 'symmetry' check",
  });
});
