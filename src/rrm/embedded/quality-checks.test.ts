import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { SceneGraph } from '../../core/index.js';
import type { Raster } from '../../images/index.js';
import { renderRaw } from '../../world/render.js';
import type { Artifact } from '../../world/types.js';
import { artifactStats } from './artifact-stats.js';
import type { CheckContext } from './check-result.js';
import { fitColorShift } from './color-shift.js';
import { evaluateCheck } from './evaluate-check.js';
import { shrinkTo } from './quality-checks.js';
import { parseScene } from './scene/parse-scene.js';

const SOURCE: SceneGraph = {
  background: { color: 'sand', texture: 'gradient' },
  objects: [
    { id: 'a', shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.3, size: 0.12 },
    { id: 'b', shape: 'square', color: 'blue', pattern: 'striped', x: 0.7, y: 0.35, size: 0.13 },
    { id: 'c', shape: 'triangle', color: 'green', pattern: 'solid', x: 0.35, y: 0.72, size: 0.11 },
    { id: 'd', shape: 'hexagon', color: 'yellow', pattern: 'dotted', x: 0.75, y: 0.75, size: 0.1 },
  ],
  sign: null,
  tone: { brightness: 0, warmth: 0, saturation: 0 },
};

/** The source with the red circle recoloured and moved, and a star added: a clean, legitimate edit. */
const EDITED: SceneGraph = {
  ...SOURCE,
  objects: [
    { ...SOURCE.objects[0]!, color: 'purple', x: 0.45 },
    ...SOURCE.objects.slice(1),
    { id: 'e', shape: 'star', color: 'orange', pattern: 'solid', x: 0.15, y: 0.8, size: 0.08 },
  ],
};

let source: Raster;
before(async () => {
  source = await renderRaw(SOURCE, { size: 256 });
});

async function judge(kind: 'no-artifacts' | 'no-color-cast', edited: Raster) {
  const rasters = { source, edited };
  const context: CheckContext = {
    facts: undefined as never,
    readText: () => assert.fail('a quality check does not run OCR'),
    readRaster: async (which) => rasters[which],
    readScene: async (which) => parseScene(rasters[which]),
  };
  return evaluateCheck({ kind }, context);
}

const render = (scene: SceneGraph, artifacts: Artifact[] = []) => renderRaw(scene, { size: 256, artifacts });

test('artifactStats: the noise estimate of a +-3 checkerboard is 1.4826 * 48 / 6', () => {
  const side = 16;
  const data = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++)
      data.fill((x + y) % 2 === 0 ? 103 : 97, (y * side + x) * 3, (y * side + x) * 3 + 3);
  }
  // The kernel's response to +-a alternation is 16a at every pixel.
  assert.ok(Math.abs(artifactStats({ width: side, height: side, data }).noise - (1.4826 * 48) / 6) < 1e-9);
});

test('fitColorShift: a +20 red shift on three colours reads as a chromatic shift of |(13.3, -6.7, -6.7)| / 255', () => {
  const colours: [number, number, number][] = [
    [200, 180, 150],
    [60, 90, 200],
    [120, 160, 60],
  ];
  const fit = fitColorShift(colours.map((c) => ({ source: c, edited: [c[0] + 20, c[1], c[2]], weight: 1 })))!;
  assert.ok(Math.abs(fit.chromatic - Math.hypot(40 / 3, 20 / 3, 20 / 3) / 255) < 1e-3);
  assert.ok(Math.abs(fit.uniform - 20 / 3 / 255) < 1e-3);
  assert.ok(Math.abs(fit.factor - 1) < 1e-3);
  assert.equal(fitColorShift([{ source: [255, 255, 255], edited: [255, 255, 255], weight: 1 }]), null);
});

test('shrinkTo: a 2x2 area average of a 4x4 picture', () => {
  const data = Uint8Array.from({ length: 48 }, (_, i) => Math.floor(i / 3) * 10);
  const half = shrinkTo({ width: 4, height: 4, data }, 2, 2);
  // Top-left 2x2 block holds pixels 0, 1, 4, 5: values 0, 10, 40, 50 -> 25.
  assert.deepEqual([...half.data.subarray(0, 3)], [25, 25, 25]);
});

test('no-artifacts: a clean edit and JPEG 95 pass', async () => {
  const clean = await judge('no-artifacts', await render(EDITED));
  assert.equal(clean.score, 1, clean.reason);
  assert.match(clean.reason, /edge sharpness 1\.0\d\d of the source's \(needed >= 0\.850\)/);
  assert.equal((await judge('no-artifacts', await render(EDITED, [{ kind: 'jpeg', quality: 95 }]))).score, 1);
});

test('no-artifacts: blur, noise and heavy JPEG each fail, naming what was measured', async () => {
  const blur = await judge('no-artifacts', await render(EDITED, [{ kind: 'blur', sigma: 0.006 }]));
  assert.equal(blur.score, 0);
  assert.match(blur.reason, /^artefacts found: edge sharpness 0\.[0-7]\d\d of the source's/);
  const noise = await judge('no-artifacts', await render(EDITED, [{ kind: 'noise', amount: 0.04 }]));
  assert.equal(noise.score, 0);
  assert.match(noise.reason, /added noise 0\.0[34]\d of the range \(allowed <= 0\.016\)/);
  assert.equal((await judge('no-artifacts', await render(EDITED, [{ kind: 'jpeg', quality: 10 }]))).score, 0);
});

test('no-color-cast: a recolour-and-move edit and a brightening pass; a 0.08 one-channel cast fails', async () => {
  const edit = await judge('no-color-cast', await render(EDITED));
  assert.equal(edit.score, 1, edit.reason);
  assert.match(edit.reason, /over the background and 3 kept object\(s\)/);
  const brighter = await judge(
    'no-color-cast',
    await render({ ...SOURCE, tone: { ...SOURCE.tone, brightness: 0.3 } }),
  );
  assert.equal(brighter.score, 1, brighter.reason);
  for (const rgb of [
    [0.08, 0, 0],
    [0, -0.08, 0],
    [0, 0, 0.1],
  ] as const) {
    const cast = await judge('no-color-cast', await render(EDITED, [{ kind: 'color-cast', rgb }]));
    assert.equal(cast.score, 0, `cast ${rgb}: ${cast.reason}`);
    assert.match(cast.reason, /chromatic shift 0\.0[5-9]\d of the range \(allowed <= 0\.035\)/);
  }
});

test('no-color-cast: a background change is judged on the kept objects, not the new ground', async () => {
  const mint = await render({ ...EDITED, background: { color: 'mint', texture: 'plain' } });
  const result = await judge('no-color-cast', mint);
  assert.equal(result.score, 1, result.reason);
  assert.match(result.reason, /over 3 kept object\(s\)/);
  const alone = await judge(
    'no-color-cast',
    await render({ ...SOURCE, objects: [], background: { color: 'mint', texture: 'plain' } }),
  );
  assert.equal(alone.score, null);
  assert.match(alone.reason, /^needs a VLM: the background changed \(sand -> mint\)/);
});
