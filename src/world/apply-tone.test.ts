import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCast, applyTone, scaleChroma } from './apply-tone.js';

const tone = (
  pixel: number[],
  t: { brightness?: number; warmth?: number; saturation?: number },
): number[] => {
  const data = new Uint8Array(pixel);
  applyTone(data, { brightness: 0, warmth: 0, saturation: 0, ...t });
  return [...data];
};

describe('applyTone', () => {
  it('adds b * 127.5 for brightness, clamped', () => {
    assert.deepEqual(tone([100, 150, 200], { brightness: 0.2 }), [126, 176, 226]); // +25.5
    assert.deepEqual(tone([100, 150, 200], { brightness: 1 }), [228, 255, 255]);
    assert.deepEqual(tone([100, 150, 200], { brightness: -1 }), [0, 23, 73]);
  });

  it('moves w * 63.75 from blue to red for warmth', () => {
    assert.deepEqual(tone([100, 150, 200], { warmth: 0.4 }), [126, 150, 175]); // 125.5, 150, 174.5
  });

  it('scales the distance from the luma by 1 + s', () => {
    // luma = 29.9 + 88.05 + 22.8 = 140.75; 140.75 + (c - 140.75) * 1.5
    assert.deepEqual(tone([100, 150, 200], { saturation: 0.5 }), [80, 155, 230]);
    assert.deepEqual(tone([100, 150, 200], { saturation: -1 }), [141, 141, 141]);
  });

  it('shifts first and takes the luma of the shifted pixel', () => {
    // (125.5, 162.75, 200): luma 155.85875; halfway to it: 140.68, 159.30, 177.93.
    assert.deepEqual(
      tone([100, 150, 200], { brightness: 0.1, warmth: 0.2, saturation: -0.5 }),
      [141, 159, 178],
    );
  });
});

describe('scaleChroma and addCast', () => {
  it('scale chroma by the factor and add rgb * 255, clamped', () => {
    const a = new Uint8Array([100, 150, 200]);
    scaleChroma(a, 2); // 140.75 + (c - 140.75) * 2 = 59.25, 159.25, 259.25
    assert.deepEqual([...a], [59, 159, 255]);
    const b = new Uint8Array([100, 150, 200, 10, 20, 250]);
    addCast(b, [0.1, 0, -0.1]); // +25.5, 0, -25.5
    assert.deepEqual([...b], [126, 150, 175, 36, 20, 225]);
  });
});
