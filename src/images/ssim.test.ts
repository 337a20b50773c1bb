import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanSsim, SSIM_C1, SSIM_C2 } from './ssim.js';

/** A width x height plane whose value at (x, y) is f(x, y). */
function plane(width: number, height: number, f: (x: number, y: number) => number): Float32Array {
  return Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width)));
}

describe('meanSsim', () => {
  it('uses the paper constants for 8-bit data', () => {
    assert.ok(Math.abs(SSIM_C1 - 6.5025) < 1e-9);
    assert.ok(Math.abs(SSIM_C2 - 58.5225) < 1e-9);
  });

  it('matches a hand-computed 8x8 window (a brightness shift)', () => {
    // x: four columns of 0, four of 100; y = x + 10.
    // mean x = 50, mean y = 60, var x = var y = cov = 2500.
    // SSIM = (2*50*60 + C1)(2*2500 + C2) / ((50^2 + 60^2 + C1)(2500 + 2500 + C2)) = 6006.5025 / 6106.5025
    const x = plane(8, 8, (col) => (col < 4 ? 0 : 100));
    const y = plane(8, 8, (col) => (col < 4 ? 10 : 110));
    assert.ok(Math.abs(meanSsim(x, y, 8, 8) - 6006.5025 / 6106.5025) < 1e-9);
  });

  it('matches a hand-computed 8x8 window (inverted contrast)', () => {
    // y = 100 - x: mean 50, var 2500, cov -2500.
    // SSIM = (5000 + C1)(-5000 + C2) / ((5000 + C1)(5000 + C2)) = -4941.4775 / 5058.5225
    const x = plane(8, 8, (col) => (col < 4 ? 0 : 100));
    const y = plane(8, 8, (col) => (col < 4 ? 100 : 0));
    assert.ok(Math.abs(meanSsim(x, y, 8, 8) - -4941.4775 / 5058.5225) < 1e-9);
  });

  it('averages over every window position (9x8 has two)', () => {
    // x is 0 except column 8 at 80; y is 0. Window at column 0: both flat at 0, SSIM = 1.
    // Window at column 1 holds column 8: mean x = 80/8 = 10, var x = 6400/8 - 100 = 700, y flat 0.
    // SSIM = (0 + C1)(0 + C2) / ((100 + C1)(700 + C2)).
    const x = plane(9, 8, (col) => (col === 8 ? 80 : 0));
    const y = plane(9, 8, () => 0);
    const second = (6.5025 * 58.5225) / (106.5025 * 758.5225);
    assert.ok(Math.abs(meanSsim(x, y, 9, 8) - (1 + second) / 2) < 1e-9);
  });

  it('is 1 for identical planes and shrinks the window for tiny ones', () => {
    const x = plane(20, 12, (col, row) => (col * 7 + row * 13) % 255);
    assert.ok(Math.abs(meanSsim(x, x, 20, 12) - 1) < 1e-12);
    // 3x3 planes, flat at 100 and 50: one 3x3 window, SSIM = (2*100*50 + C1) / (100^2 + 50^2 + C1).
    const flat = meanSsim(
      plane(3, 3, () => 100),
      plane(3, 3, () => 50),
      3,
      3,
    );
    assert.ok(Math.abs(flat - 10006.5025 / 12506.5025) < 1e-9);
  });

  it('refuses planes of the wrong size', () => {
    assert.throws(() => meanSsim(new Float32Array(10), new Float32Array(12), 4, 3), RangeError);
  });
});
