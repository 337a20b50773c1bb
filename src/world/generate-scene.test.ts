import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PATTERNS, SceneGraphSchema, UsageError, createRng, type SceneGraph } from '../core/index.js';
import { GLYPH_CHARS } from '../images/index.js';
import { generateScene } from './generate-scene.js';

const EPS = 1e-9;

/** The sign's plate in fractions, from the spec's numbers: cell = h / 11, width = cell * (6n + 3). */
function plate(sign: NonNullable<SceneGraph['sign']>): { x0: number; y0: number; x1: number; y1: number } {
  const w = (sign.height / 11) * (6 * sign.text.length + 3);
  return {
    x0: sign.x - w / 2,
    x1: sign.x + w / 2,
    y0: sign.y - sign.height / 2,
    y1: sign.y + sign.height / 2,
  };
}

describe('generateScene', () => {
  it('gives the same scene for the same seed and different scenes for different seeds', () => {
    assert.deepEqual(generateScene(createRng(7)), generateScene(createRng(7)));
    const scenes = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(generateScene(createRng(s)))));
    assert.equal(scenes.size, 5);
  });

  it('keeps every invariant over 200 seeds', () => {
    const seen = {
      signs: 0,
      textures: new Set<string>(),
      patterns: new Set<string>(),
      counts: new Set<number>(),
    };
    for (let seed = 0; seed < 200; seed++) {
      const scene = generateScene(createRng(seed));
      assert.ok(SceneGraphSchema.safeParse(scene).success, `seed ${seed}: schema`);
      assert.deepEqual(scene.tone, { brightness: 0, warmth: 0, saturation: 0 });
      const { objects, sign } = scene;
      assert.ok(objects.length >= 1 && objects.length <= 5, `seed ${seed}: count ${objects.length}`);
      seen.counts.add(objects.length);
      seen.textures.add(scene.background.texture);
      assert.deepEqual(
        objects.map((o) => o.id),
        objects.map((_, i) => `o${i + 1}`),
      );
      assert.equal(
        new Set(objects.map((o) => `${o.shape}/${o.color}`)).size,
        objects.length,
        `seed ${seed}: unique`,
      );
      for (const [i, a] of objects.entries()) {
        seen.patterns.add(a.pattern);
        assert.ok(a.size >= 0.07 && a.size <= 0.15, `seed ${seed}: size ${a.size}`);
        for (const c of [a.x, a.y]) {
          assert.ok(c - a.size >= 0.03 - EPS && c + a.size <= 0.97 + EPS, `seed ${seed}: margin of ${a.id}`);
        }
        for (const b of objects.slice(i + 1)) {
          const d = Math.hypot(a.x - b.x, a.y - b.y);
          assert.ok(d >= (a.size + b.size) * 1.15 - EPS, `seed ${seed}: ${a.id} and ${b.id} overlap`);
        }
        if (sign) {
          const p = plate(sign);
          const h = a.size * 1.15;
          const apart = a.x + h <= p.x0 || a.x - h >= p.x1 || a.y + h <= p.y0 || a.y - h >= p.y1;
          assert.ok(apart, `seed ${seed}: ${a.id} meets the sign`);
        }
      }
      if (sign) {
        seen.signs++;
        assert.ok(sign.text.length >= 2 && sign.text.length <= 5);
        assert.ok([...sign.text].every((c) => GLYPH_CHARS.includes(c)));
        assert.ok(sign.height >= 0.1 && sign.height <= 0.13);
        const p = plate(sign);
        assert.ok(p.x0 >= 0.03 - EPS && p.y0 >= 0.03 - EPS && p.x1 <= 0.97 + EPS && p.y1 <= 0.97 + EPS);
      }
    }
    // 200 draws of a 0.35 chance: 70 expected, 3 standard deviations is about 20.
    assert.ok(seen.signs > 45 && seen.signs < 95, `signs ${seen.signs}`);
    assert.deepEqual([...seen.textures].sort(), ['gradient', 'grain', 'plain']);
    assert.deepEqual([...seen.patterns].sort(), [...PATTERNS].sort());
    assert.deepEqual([...seen.counts].sort(), [1, 2, 3, 4, 5]);
  });

  it('follows the options', () => {
    const crowded = generateScene(createRng(3), { minObjects: 8, maxObjects: 8, signShare: 1 });
    assert.equal(crowded.objects.length, 8);
    assert.notEqual(crowded.sign, null);
    const bare = generateScene(createRng(3), {
      minObjects: 0,
      maxObjects: 0,
      signShare: 0,
      textureShare: { plain: 0, gradient: 1, grain: 0 },
    });
    assert.deepEqual([bare.objects.length, bare.sign, bare.background.texture], [0, null, 'gradient']);
  });

  it('refuses options it cannot honour', () => {
    const rng = createRng(1);
    assert.throws(() => generateScene(rng, { minObjects: 4, maxObjects: 2 }), UsageError);
    assert.throws(() => generateScene(rng, { maxObjects: 9 }), UsageError);
    assert.throws(() => generateScene(rng, { minObjects: 1.5 }), UsageError);
    assert.throws(() => generateScene(rng, { signShare: 2 }), UsageError);
    assert.throws(
      () => generateScene(rng, { textureShare: { plain: 0, gradient: 0, grain: 0 } }),
      UsageError,
    );
  });
});
