import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEUTRAL_TONE, UsageError, type SceneGraph } from '../core/index.js';
import type { Raster } from '../images/index.js';
import { renderRaw } from './render.js';
import type { Artifact } from './types.js';

const flat: SceneGraph = {
  background: { color: 'sky', texture: 'plain' },
  objects: [],
  sign: null,
  tone: NEUTRAL_TONE,
};

const busy: SceneGraph = {
  ...flat,
  objects: [
    { id: 'o1', shape: 'star', color: 'red', pattern: 'striped', x: 0.3, y: 0.3, size: 0.15 },
    { id: 'o2', shape: 'square', color: 'blue', pattern: 'checkered', x: 0.7, y: 0.65, size: 0.15 },
  ],
  sign: { text: 'AB12', x: 0.35, y: 0.8, height: 0.12 },
};

const render = (scene: SceneGraph, artifacts: Artifact[], size = 128): Promise<Raster> =>
  renderRaw(scene, { size, artifacts });

const pixel = ({ width, data }: Raster, x: number, y: number): number[] => {
  const p = (y * width + x) * 3;
  return [data[p]!, data[p + 1]!, data[p + 2]!];
};

/** Sum of absolute differences between neighbours, across and down: how much edge the picture has. */
function gradientEnergy({ width, height, data }: Raster): number {
  let sum = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        sum += Math.abs(data[p + c]! - data[p + 3 + c]!) + Math.abs(data[p + c]! - data[p + width * 3 + c]!);
      }
    }
  }
  return sum;
}

function meanAbsDiff(a: Raster, b: Raster): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

describe('artefacts', () => {
  it('blur lowers the gradient energy', async () => {
    const clean = await render(busy, []);
    const blurred = await render(busy, [{ kind: 'blur', sigma: 0.01 }]);
    assert.ok(gradientEnergy(blurred) < 0.8 * gradientEnergy(clean));
    assert.deepEqual([blurred.width, blurred.height], [128, 128]);
  });

  it('noise has the asked std, is the same for the same scene and differs for another', async () => {
    // std 0.02 * 255 = 5.1 on sky's red (200) and green (225), far enough from 255 not to clip.
    const a = await render(flat, [{ kind: 'noise', amount: 0.02 }]);
    let [sum, squares, n] = [0, 0, 0];
    for (let p = 0; p < a.data.length; p += 3) {
      for (const [c, base] of [
        [0, 200],
        [1, 225],
      ] as const) {
        const d = a.data[p + c]! - base;
        sum += d;
        squares += d * d;
        n++;
      }
    }
    const mean = sum / n;
    const std = Math.sqrt(squares / n - mean * mean);
    assert.ok(Math.abs(mean) < 0.1, `mean ${mean}`);
    assert.ok(Math.abs(std - 5.1) < 0.2, `std ${std}`);
    // Built with its keys in another order: the seed comes from the validated scene, so it is the same.
    const reordered = {
      tone: NEUTRAL_TONE,
      sign: null,
      objects: [],
      background: { texture: 'plain', color: 'sky' },
    } as const;
    const again = await render(reordered as unknown as SceneGraph, [{ kind: 'noise', amount: 0.02 }]);
    assert.deepEqual(again.data, a.data);
    const other = await render({ ...flat, background: { color: 'sky', texture: 'gradient' } }, [
      { kind: 'noise', amount: 0.02 },
    ]);
    const gradient = await render({ ...flat, background: { color: 'sky', texture: 'gradient' } }, []);
    const sameNoise = a.data.every((v, i) => v - 200 === other.data[i]! - gradient.data[i]!);
    assert.equal(sameNoise, false);
  });

  it('jpeg changes the pixels a little', async () => {
    const clean = await render(busy, []);
    const jpeg = await render(busy, [{ kind: 'jpeg', quality: 30 }]);
    const d = meanAbsDiff(clean, jpeg);
    assert.ok(d > 0.2 && d < 6, `mean difference ${d}`);
  });

  it('color-cast adds rgb * 255 and oversaturate scales chroma (hand-computed on sky)', async () => {
    const cast = await render(flat, [{ kind: 'color-cast', rgb: [0.1, 0, -0.1] }]);
    assert.deepEqual(pixel(cast, 10, 10), [226, 225, 220]); // 225.5, 225, 219.5
    // luma 219.805; 219.805 + (c - 219.805) * 2 = 180.195, 230.195, 270.195 -> clamped
    const vivid = await render(flat, [{ kind: 'oversaturate', factor: 2 }]);
    assert.deepEqual(pixel(vivid, 60, 70), [180, 230, 255]);
  });

  it('white-border frames the shrunk picture in pure white, keeping the size', async () => {
    const framed = await render(busy, [{ kind: 'white-border', width: 0.05 }], 128); // round(6.4) = 6 px
    assert.deepEqual([framed.width, framed.height], [128, 128]);
    for (let i = 0; i < 128; i++) {
      for (const [x, y] of [
        [i, 0],
        [i, 5],
        [i, 127],
        [i, 122],
        [0, i],
        [5, i],
        [127, i],
        [122, i],
      ] as const) {
        assert.deepEqual(pixel(framed, x, y), [255, 255, 255], `(${x}, ${y})`);
      }
    }
    assert.notDeepEqual(pixel(framed, 6, 64), [255, 255, 255]);
    assert.notDeepEqual(pixel(framed, 121, 64), [255, 255, 255]);
  });

  it('applies artefacts in the order given', async () => {
    const castThenFrame = await render(flat, [
      { kind: 'color-cast', rgb: [-0.2, 0, 0] },
      { kind: 'white-border', width: 0.1 },
    ]);
    const frameThenCast = await render(flat, [
      { kind: 'white-border', width: 0.1 },
      { kind: 'color-cast', rgb: [-0.2, 0, 0] },
    ]);
    assert.deepEqual(pixel(castThenFrame, 2, 2), [255, 255, 255]);
    assert.deepEqual(pixel(frameThenCast, 2, 2), [204, 255, 255]); // 255 - 51
  });

  it('refuses bad parameters and unknown kinds', async () => {
    for (const bad of [
      { kind: 'jpeg', quality: 0.5 },
      { kind: 'blur', sigma: -1 },
      { kind: 'noise', amount: 3 },
      { kind: 'color-cast', rgb: [2, 0, 0] },
      { kind: 'white-border', width: 0.6 },
      { kind: 'sparkle' },
    ]) {
      await assert.rejects(render(flat, [bad as Artifact]), UsageError, JSON.stringify(bad));
    }
  });
});
