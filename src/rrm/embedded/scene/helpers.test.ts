import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyShape, radialProfile } from './classify-shape.js';
import { detectPattern, type Interior } from './detect-pattern.js';
import { isDecisive } from './pattern-certainty.js';
import { labDistance, toLab } from './lab.js';
import { nameSceneColors } from './name-scene-colors.js';
import { emptyMask, maskIndex } from './object-mask.js';
import { smooth3 } from './smooth.js';

test('toLab: white is L 100, a = b = 0; sRGB red is (53.2, 80.1, 67.2)', () => {
  const white = toLab([255, 255, 255]);
  assert.ok(Math.abs(white[0] - 100) < 0.01 && Math.abs(white[1]) < 0.05 && Math.abs(white[2]) < 0.05);
  const red = toLab([255, 0, 0]);
  assert.ok(
    Math.abs(red[0] - 53.24) < 0.05 && Math.abs(red[1] - 80.09) < 0.1 && Math.abs(red[2] - 67.2) < 0.1,
  );
  // Lightness counts half: 10 L apart is 5.
  assert.equal(labDistance([50, 0, 0], [60, 0, 0]), 5);
});

test('smooth3: a single bright pixel spreads to a 3 x 3 mean, edges replicated', () => {
  const data = new Uint8Array(3 * 3 * 3);
  data.fill(0);
  data[4 * 3] = 90; // red of the centre pixel
  data[0] = 90; // red of the corner pixel (0, 0)
  const out = smooth3({ width: 3, height: 3, data });
  assert.equal(out[4 * 3], 20); // (90 + 90) / 9
  // The corner sees itself four times (replicated row and column) and the centre once: (4*90 + 90) / 9.
  assert.equal(out[0], 50);
  assert.equal(out[1], 0);
});

function disc(r: number, test: (dx: number, dy: number) => boolean) {
  const box = { x0: 0, y0: 0, x1: 2 * r + 4, y1: 2 * r + 4 };
  const c = r + 2;
  const mask = emptyMask(box);
  let area = 0;
  for (let y = 0; y < box.y1; y++) {
    for (let x = 0; x < box.x1; x++) {
      if (!test(x + 0.5 - c, y + 0.5 - c)) continue;
      mask.data[maskIndex(mask, x, y)] = 1;
      area++;
    }
  }
  return classifyShape(radialProfile(mask, c, c), area);
}

test('classifyShape: a rasterised circle, square and diamond read as such with their circumradius', () => {
  const circle = disc(30, (dx, dy) => Math.hypot(dx, dy) <= 30);
  assert.equal(circle.shape, 'circle');
  assert.ok(Math.abs(circle.radius - 30) < 1);
  const half = 30 / Math.SQRT2;
  const square = disc(30, (dx, dy) => Math.abs(dx) <= half && Math.abs(dy) <= half);
  assert.equal(square.shape, 'square');
  assert.ok(Math.abs(square.radius - 30) < 1);
  assert.equal(disc(30, (dx, dy) => Math.abs(dx) + Math.abs(dy) <= 30).shape, 'diamond');
});

function interior(size: number, ink: (x: number, y: number) => boolean): Interior {
  const n = size * size;
  const it: Interior = { xs: new Int32Array(n), ys: new Int32Array(n), tone: new Float32Array(n), count: n };
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      it.xs[i] = x;
      it.ys[i] = y;
      it.tone[i] = ink(x, y) ? 55 : 100;
    }
  }
  return it;
}

test('detectPattern: rows of ink are stripes, a grid of dots is dotted, alternating squares checkered', () => {
  assert.equal(
    detectPattern(
      interior(40, () => false),
      12,
    ).pattern,
    'solid',
  );
  assert.equal(
    detectPattern(
      interior(40, (_x, y) => y % 10 < 5),
      12,
    ).pattern,
    'striped',
  );
  assert.equal(
    detectPattern(
      interior(40, (x, y) => Math.hypot((x % 9) - 4, (y % 9) - 4) <= 2),
      12,
    ).pattern,
    'dotted',
  );
  const checkered = detectPattern(
    interior(40, (x, y) => (Math.floor(x / 7) + Math.floor(y / 7)) % 2 === 0),
    12,
  );
  assert.equal(checkered.pattern, 'checkered');
  assert.ok(Math.abs(checkered.inkShare - 0.5) < 0.05);
  // Ink 45 below the base: a pattern over a floor of 40, solid (too faint to tell) over one of 50.
  assert.equal(
    detectPattern(
      interior(40, (_x, y) => y % 10 < 5),
      50,
    ).pattern,
    'solid',
  );
});

test('detectPattern: a darker majority is the object itself, not ink (JPEG streaks, blurred corners)', () => {
  // 80% of the interior 45 below the rest: more "ink" than any pattern has.
  const reading = detectPattern(
    interior(40, (x) => x % 10 < 8),
    12,
  );
  assert.equal(reading.pattern, 'solid');
  assert.equal(reading.contrast, 45);
});

test('isDecisive: clear contrast and clusters decide; faint ink (black), smears and blur-hidden dots do not', () => {
  const stripes = detectPattern(
    interior(40, (_x, y) => y % 10 < 5),
    12,
  );
  const sharp = { floor: 12, rimWidth: 1.5, radius: 30, baseLength: 222 };
  assert.ok(stripes.separation > 0.99);
  assert.equal(isDecisive(stripes, sharp), true);
  // A pattern reading that only just clears the floor is not decisive.
  assert.equal(isDecisive(stripes, { ...sharp, floor: 40 }), false);
  const flat = detectPattern(
    interior(40, () => false),
    12,
  );
  assert.equal(isDecisive(flat, sharp), true);
  // Black (|base| 48): its ink, 22 levels away and halved by smoothing, would not clear a floor of 12.
  assert.equal(isDecisive(flat, { ...sharp, baseLength: 48 }), false);
  // Blurred with a rim of 4 px: dots of 0.12 x 20 = 2.4 px are gone, so solid says nothing.
  assert.equal(isDecisive(flat, { ...sharp, rimWidth: 4, radius: 20 }), false);
  assert.equal(isDecisive(flat, { ...sharp, rimWidth: 4, radius: 40 }), true);
});

test('nameSceneColors: a cast on the whole picture is recognised from the objects, not taken for another ground', () => {
  // sky (200, 225, 245) and a gray (125) and black (28) object, all shifted by (+30, 0, -20).
  const shift = [30, 0, -20] as const;
  const colors = nameSceneColors(
    [230, 225, 225],
    [
      [155, 125, 105],
      [58, 28, 8],
    ],
  );
  assert.equal(colors.background, 'sky');
  assert.deepEqual(colors.objects, ['gray', 'black']);
  assert.deepEqual(colors.shift.map(Math.round), shift);
});

test('nameSceneColors: a desaturated picture (chroma x 0.5) names the ground and objects as they were', () => {
  // Chroma halved about the luma: sky (200, 225, 245) and red (215, 38, 38), green (40, 150, 60).
  const half = ([r, g, b]: readonly [number, number, number]): [number, number, number] => {
    const l = 0.299 * r + 0.587 * g + 0.114 * b;
    return [l + (r - l) / 2, l + (g - l) / 2, l + (b - l) / 2];
  };
  const colors = nameSceneColors(half([200, 225, 245]), [half([215, 38, 38]), half([40, 150, 60])]);
  assert.equal(colors.background, 'sky');
  assert.deepEqual(colors.objects, ['red', 'green']);
  assert.equal(colors.factor, 0.5);
});
