import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grainOffset, paintBackground } from './texture.js';

const at = (data: Uint8Array, side: number, x: number, y: number): number[] => {
  const p = (y * side + x) * 3;
  return [data[p]!, data[p + 1]!, data[p + 2]!];
};

describe('paintBackground', () => {
  it('paints plain flat in the background colour', () => {
    const data = paintBackground({ color: 'sky', texture: 'plain' }, 64);
    assert.deepEqual(at(data, 64, 0, 0), [200, 225, 245]);
    assert.deepEqual(at(data, 64, 40, 63), [200, 225, 245]);
  });

  it('runs the gradient from x1.06 on the top row to x0.94 on the bottom row, clamped', () => {
    const data = paintBackground({ color: 'sky', texture: 'gradient' }, 64);
    // 200*1.06 = 212, 225*1.06 = 238.5 -> 239, 245*1.06 = 259.7 -> 255; 200*0.94 = 188, 211.5 -> 212, 230.3 -> 230.
    assert.deepEqual(at(data, 64, 10, 0), [212, 239, 255]);
    assert.deepEqual(at(data, 64, 63, 63), [188, 212, 230]);
    // Row 21 of 63 is a third of the way down: 1.06 - 0.04 = 1.02.
    assert.deepEqual(at(data, 64, 5, 21), [204, 230, 250]);
  });

  it('adds the grain offset to all three channels', () => {
    const data = paintBackground({ color: 'cream', texture: 'grain' }, 64);
    for (const [x, y] of [
      [0, 0],
      [17, 3],
      [63, 63],
    ] as const) {
      const o = grainOffset(x, y);
      assert.deepEqual(at(data, 64, x, y), [244 + o, 236 + o, 212 + o]);
    }
  });
});

describe('grainOffset', () => {
  it('is a fixed function of (x, y) covering every level in -4..4', () => {
    const counts = new Map<number, number>();
    for (let y = 0; y < 90; y++) {
      for (let x = 0; x < 90; x++) counts.set(grainOffset(x, y), (counts.get(grainOffset(x, y)) ?? 0) + 1);
    }
    assert.deepEqual(
      [...counts.keys()].sort((a, b) => a - b),
      [-4, -3, -2, -1, 0, 1, 2, 3, 4],
    );
    // 8100 pixels over 9 levels: 900 each, none far off.
    for (const n of counts.values()) assert.ok(n > 750 && n < 1050, `level count ${n}`);
    assert.notEqual(
      [0, 1, 2, 3, 4, 5].map((x) => grainOffset(x, 0)).join(),
      [0, 1, 2, 3, 4, 5].map((x) => grainOffset(x, 1)).join(),
    );
  });
});
