import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signPlateBox } from './sign-plate-box.js';

describe('signPlateBox', () => {
  it('sizes the plate from the cell: height / 11 per cell, 6n + 3 cells wide', () => {
    // 200 px side: height 22 px, cell 2 px, 'AB' is 15 cells = 30 px wide, centred at (100, 100).
    const box = signPlateBox({ text: 'AB', x: 0.5, y: 0.5, height: 0.11 }, 200);
    for (const [got, want] of [
      [box.x0, 85],
      [box.x1, 115],
      [box.y0, 89],
      [box.y1, 111],
    ] as const) {
      assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
    }
  });
});
