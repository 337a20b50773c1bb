import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { CHANGE_CELL_THRESHOLD, diffRasters } from './change-map.js';
import { NEAR_IDENTICAL_MAX_SHIFT, NEAR_IDENTICAL_MAX_STRONG } from './pixel-facts.js';
import type { Raster } from './types.js';

function raster(width: number, height: number, f: (x: number, y: number) => number): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(f(i % width, Math.floor(i / width)), i * 3, i * 3 + 3);
  return { width, height, data };
}

describe('diffRasters', () => {
  it('finds nothing between identical rasters', () => {
    const a = raster(32, 32, (x, y) => (x * 31 + y * 17) % 256);
    const { meanAbsDiff, changeMap, changedShare } = diffRasters(a, a);
    assert.equal(meanAbsDiff, 0);
    assert.equal(changedShare, 0);
    assert.equal(changeMap.bbox, null);
    assert.equal(changeMap.threshold, CHANGE_CELL_THRESHOLD);
    assert.equal(changeMap.cells.length, 16 * 16);
  });

  it('matches a hand-computed 4x4 case with a 2x2 grid', () => {
    // The left two columns differ by 90 in every channel. Smoothed over 3x3 with clamped edges, the
    // columns' differences become 90, 60, 30, 0 (column 1 sees two of three differing columns,
    // column 2 one). Left cells: (90 + 60) / 2 = 75, right cells (30 + 0) / 2 = 15, out of 255.
    const a = raster(4, 4, () => 100);
    const b = raster(4, 4, (x) => (x < 2 ? 190 : 100));
    const { meanAbsDiff, changeMap, changedShare } = diffRasters(a, b, 2, 0.1);
    assert.ok(Math.abs(meanAbsDiff - (90 * 0.5) / 255) < 1e-12);
    const expected = [75 / 255, 15 / 255, 75 / 255, 15 / 255];
    changeMap.cells.forEach((value, i) =>
      assert.ok(Math.abs(value - expected[i]!) < 1e-6, `cell ${i}: ${value}`),
    );
    assert.deepEqual([changeMap.cols, changeMap.rows], [2, 2]);
    assert.deepEqual(changeMap.bbox, { x0: 0, y0: 0, x1: 0.5, y1: 1 });
    assert.equal(changedShare, 0.5);
  });

  it('boxes a changed patch within its cells', () => {
    const a = raster(64, 64, (x, y) => (x * 5 + y * 3) % 200);
    const b = raster(64, 64, (x, y) =>
      x >= 16 && x < 32 && y >= 40 && y < 56 ? 250 : (x * 5 + y * 3) % 200,
    );
    const { changeMap, changedShare } = diffRasters(a, b, 8);
    assert.deepEqual(changeMap.bbox, { x0: 0.25, y0: 0.625, x1: 0.5, y1: 0.875 });
    assert.equal(changedShare, (16 * 16) / (64 * 64));
  });

  it('gives the same result after calls on larger and smaller rasters (reused buffers)', () => {
    const a = raster(4, 4, () => 100);
    const b = raster(4, 4, (x) => (x < 2 ? 190 : 100));
    const first = diffRasters(a, b, 2, 0.1);
    diffRasters(
      raster(40, 30, (x, y) => x * y),
      raster(40, 30, (x) => x),
    );
    diffRasters(
      raster(2, 1, () => 0),
      raster(2, 1, () => 255),
    );
    assert.deepEqual(diffRasters(a, b, 2, 0.1), first);
  });

  it('refuses rasters of different sizes', () => {
    assert.throws(
      () =>
        diffRasters(
          raster(4, 4, () => 0),
          raster(4, 5, () => 0),
        ),
      RangeError,
    );
  });
});

test('a fine change on a small object stays under the cell threshold but shows in strongShare', () => {
  // A 40 px red square on grey at 256 px; the edit inks 2x2 dots every 6 px inside it (about 11%).
  const size = 256;
  const make = (dotted: boolean): Raster => {
    const data = new Uint8Array(size * size * 3).fill(200);
    for (let y = 100; y < 140; y++) {
      for (let x = 100; x < 140; x++) {
        const ink = dotted && (x - 100) % 6 < 2 && (y - 100) % 6 < 2;
        data.set(ink ? [120, 20, 20] : [220, 40, 40], (y * size + x) * 3);
      }
    }
    return { width: size, height: size, data };
  };
  const { changeMap, strongShare } = diffRasters(make(false), make(true));
  assert.equal(changeMap.bbox, null);
  // A 2x2 dot smoothed over 3x3 keeps 4/9 of its 100-level drop in the red channel (44 > 38): the
  // 4 centre-adjacent pixels of each of the ~44 dots pass, about 0.1% of pixels, 3x that in channels.
  assert.ok(strongShare > NEAR_IDENTICAL_MAX_STRONG, `strongShare ${strongShare}`);
  assert.equal(diffRasters(make(false), make(false)).strongShare, 0);
});

test('a faint shift of one channel over the whole frame shows in globalShift; an identical copy has none', () => {
  const size = 64;
  const flat = (red: number): Raster => {
    const data = new Uint8Array(size * size * 3).fill(200);
    for (let p = 0; p < data.length; p += 3) data[p] = red;
    return { width: size, height: size, data };
  };
  // Red 200 -> 191 everywhere: 9 levels, under the cell threshold (10/255) once averaged over channels.
  const warm = diffRasters(flat(200), flat(191));
  assert.equal(warm.changeMap.bbox, null);
  assert.ok(Math.abs(warm.globalShift - 9 / 255) < 1e-9, `globalShift ${warm.globalShift}`);
  assert.ok(warm.globalShift > NEAR_IDENTICAL_MAX_SHIFT);
  assert.equal(diffRasters(flat(200), flat(200)).globalShift, 0);
});
