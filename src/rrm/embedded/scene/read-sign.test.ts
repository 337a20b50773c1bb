import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, type Rng, type SceneGraph } from '../../../core/index.js';
import { glyph, GLYPH_CHARS } from '../../../images/index.js';
import { renderRaw } from '../../../world/render.js';
import { signPlateBox } from '../../../world/sign-plate-box.js';
import type { Artifact } from '../../../world/types.js';
import { matchGlyph } from './glyph-match.js';
import { buildInkMap } from './ink-map.js';
import { readSignText } from './read-sign.js';

function signScene(text: string, height: number, x = 0.5, y = 0.5): SceneGraph {
  return {
    background: { color: 'sky', texture: 'plain' },
    objects: [{ id: 'o1', shape: 'circle', color: 'red', pattern: 'solid', x: 0.2, y: 0.2, size: 0.1 }],
    sign: { text, x, y, height },
    tone: { brightness: 0, warmth: 0, saturation: 0 },
  };
}

/** The true plate box rounded to pixels and pushed up to `jitter` px off, as a parser might give it. */
function parserBox(scene: SceneGraph, side: number, rng: Rng, jitter: number) {
  const b = signPlateBox(scene.sign!, side);
  const j = () => rng.int(-jitter, jitter);
  return {
    x0: Math.round(b.x0) + j(),
    y0: Math.round(b.y0) + j(),
    x1: Math.round(b.x1) + j(),
    y1: Math.round(b.y1) + j(),
  };
}

test('matchGlyph: each glyph, at any contrast, matches itself with correlation 1 (D and O included)', () => {
  for (const char of GLYPH_CHARS) {
    const cells = Float64Array.from(glyph(char)!.flat(), (on) => (on ? 0.8 : 0.1));
    const match = matchGlyph(cells);
    assert.equal(match.char, char);
    assert.ok(Math.abs(match.score - 1) < 1e-9);
  }
  assert.equal(matchGlyph(new Float64Array(35)).score, 0, 'a blank cell grid correlates with nothing');
});

test('ink map: area means over fractional rectangles are exact on a hand-made 2x2 picture', () => {
  // Luma 255 (paper) on the left column, 0 (ink) on the right: ink 0 and 1.
  const data = new Uint8Array([255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0]);
  const map = buildInkMap(
    { width: 2, height: 2, data },
    { x0: 0, y0: 0, x1: 2, y1: 2 },
    { x0: 0, y0: 0, x1: 2, y1: 2 },
  );
  assert.equal(map.mean(0, 0, 2, 2), 0.5);
  assert.equal(map.mean(0.5, 0, 1.5, 1), 0.5);
  assert.equal(map.mean(0.75, 0.25, 1.75, 0.75), 0.75);
});

test('readSignText reads all 36 characters on 256 px renders, from a box up to 2 px off', async () => {
  const rng = createRng(1);
  const texts = GLYPH_CHARS.match(/.{1,8}/g)!;
  for (const text of texts) {
    for (const height of [0.1, 0.13]) {
      const scene = signScene(text, height);
      const raster = await renderRaw(scene, { size: 256 });
      assert.equal(readSignText(raster, parserBox(scene, 256, rng, 2)), text);
    }
  }
});

const DAMAGE: Record<string, Artifact[]> = {
  clean: [],
  blur: [{ kind: 'blur', sigma: 0.006 }],
  noise: [{ kind: 'noise', amount: 0.05 }],
  jpeg: [{ kind: 'jpeg', quality: 30 }],
  cast: [{ kind: 'color-cast', rgb: [0.1, 0, -0.08] }],
};
/** Least share read right, most share read wrong (not '?'), per setting: 60 random texts at 256 px. */
const FLOORS: Record<string, { right: number; wrong: number }> = {
  clean: { right: 0.99, wrong: 0.005 },
  blur: { right: 0.95, wrong: 0.01 },
  noise: { right: 0.98, wrong: 0.01 },
  jpeg: { right: 0.97, wrong: 0.01 },
  cast: { right: 0.99, wrong: 0.005 },
};

for (const [name, artifacts] of Object.entries(DAMAGE)) {
  test(`readSignText accuracy at 256 px, ${name}`, async () => {
    const rng = createRng(42);
    let right = 0;
    let wrong = 0;
    let total = 0;
    for (let t = 0; t < 60; t++) {
      const n = rng.int(1, 8);
      const text = Array.from({ length: n }, () => GLYPH_CHARS[rng.int(0, GLYPH_CHARS.length - 1)]).join('');
      const height = 0.1 + 0.03 * rng.next();
      const half = (height * (6 * n + 3)) / 22;
      const scene = signScene(
        text,
        height,
        half + 0.02 + rng.next() * (0.96 - 2 * half),
        0.3 + 0.5 * rng.next(),
      );
      scene.tone = { brightness: 0.2 * rng.next() - 0.1, warmth: 0, saturation: 0 };
      const raster = await renderRaw(scene, { size: 256, artifacts });
      const read = readSignText(raster, parserBox(scene, 256, rng, 1));
      assert.equal(read.length, n, `length of "${text}" read as "${read}"`);
      for (let i = 0; i < n; i++) {
        total++;
        if (read[i] === text[i]) right++;
        else if (read[i] !== '?') wrong++;
      }
    }
    assert.ok(right / total >= FLOORS[name]!.right, `${name}: ${right}/${total} right`);
    assert.ok(wrong / total <= FLOORS[name]!.wrong, `${name}: ${wrong}/${total} wrong`);
  });
}

test('readSignText answers "?" rather than guess on a 64 px render', async () => {
  const rng = createRng(3);
  for (const text of ['HELLO', 'B8', 'DO2Z']) {
    const scene = signScene(text, 0.12);
    const raster = await renderRaw(scene, { size: 64 });
    assert.match(readSignText(raster, parserBox(scene, 64, rng, 0)), /^\?+$/);
  }
});
