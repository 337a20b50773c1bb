import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEUTRAL_TONE, createRng, type SceneGraph } from '../core/index.js';
import { findFreeSpot, touchesSign } from './find-free-spot.js';

const scene: SceneGraph = {
  background: { color: 'pearl', texture: 'plain' },
  objects: [{ id: 'o1', shape: 'circle', color: 'red', pattern: 'solid', x: 0.5, y: 0.5, size: 0.3 }],
  sign: { text: 'AB', x: 0.5, y: 0.1, height: 0.11 },
  tone: NEUTRAL_TONE,
};

describe('findFreeSpot', () => {
  it('finds a spot clear of the objects, the sign and the edges', () => {
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      const spot = findFreeSpot(scene, 0.08, rng);
      assert.ok(spot);
      assert.ok(Math.hypot(spot.x - 0.5, spot.y - 0.5) >= (0.3 + 0.08) * 1.15);
      assert.ok(spot.x >= 0.11 && spot.x <= 0.89 && spot.y >= 0.11 && spot.y <= 0.89);
      // The plate spans x 0.425..0.575, y 0.045..0.155 (cell 0.01, 15 cells wide).
      const h = 0.08 * 1.15;
      assert.ok(spot.x + h <= 0.425 || spot.x - h >= 0.575 || spot.y - h >= 0.155);
    }
  });

  it('lets the ignored object be overlapped, and gives null when nothing fits', () => {
    const rng = createRng(9);
    const near = Array.from({ length: 200 }, () => findFreeSpot(scene, 0.08, rng, ['o1'])!);
    assert.ok(near.some((s) => Math.hypot(s.x - 0.5, s.y - 0.5) < 0.2));
    assert.equal(findFreeSpot(scene, 0.25, rng), null);
    assert.equal(findFreeSpot({ ...scene, objects: [], sign: null }, 0.48, rng), null);
  });

  it('tests the sign as a box of half-side 1.15 x size', () => {
    const sign = { text: 'AB', x: 0.5, y: 0.5, height: 0.11 }; // plate x 0.425..0.575
    assert.equal(touchesSign(0.575 + 0.1 * 1.15 + 0.001, 0.5, 0.1, sign), false);
    assert.equal(touchesSign(0.575 + 0.1 * 1.15 - 0.001, 0.5, 0.1, sign), true);
  });
});
