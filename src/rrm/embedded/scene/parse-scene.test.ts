import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createRng,
  NEUTRAL_TONE,
  PATTERNS,
  SHAPES,
  type ObjectColorName,
  type SceneGraph,
  type SceneObject,
} from '../../../core/index.js';
import { generateScene } from '../../../world/generate-scene.js';
import { renderRaw } from '../../../world/render.js';
import type { Artifact } from '../../../world/types.js';
import { parseScene } from './parse-scene.js';
import { patternDecided } from './pattern-certainty.js';
import type { ParsedObject, ParsedScene } from './types.js';

function sceneOf(objects: Omit<SceneObject, 'id'>[], extra: Partial<SceneGraph> = {}): SceneGraph {
  return {
    background: { color: 'cream', texture: 'plain' },
    objects: objects.map((o, i) => ({ ...o, id: `o${i}` })),
    sign: null,
    tone: NEUTRAL_TONE,
    ...extra,
  };
}

async function parse(scene: SceneGraph, size = 256, artifacts: Artifact[] = []): Promise<ParsedScene> {
  return parseScene(await renderRaw(scene, { size, artifacts }));
}

function closest(parsed: ParsedScene, o: Pick<SceneObject, 'x' | 'y'>): ParsedObject | undefined {
  return parsed.objects
    .filter((p) => Math.hypot(p.x - o.x, p.y - o.y) <= 0.05)
    .sort((a, b) => Math.hypot(a.x - o.x, a.y - o.y) - Math.hypot(b.x - o.x, b.y - o.y))[0];
}

test('every shape in every pattern at 256 px reads back with its shape, colour, pattern, centre and size', async () => {
  const colors: ObjectColorName[] = ['red', 'blue', 'green', 'orange', 'purple', 'pink', 'brown'];
  for (const [i, shape] of SHAPES.entries()) {
    const objects = PATTERNS.map((pattern, j) => ({
      shape,
      pattern,
      color: colors[(i + j) % colors.length]!,
      x: 0.25 + 0.5 * (j % 2),
      y: 0.25 + 0.5 * Math.floor(j / 2),
      size: 0.12,
    }));
    const parsed = await parse(sceneOf(objects));
    assert.equal(parsed.objects.length, 4, `${shape}: ${JSON.stringify(parsed.objects)}`);
    for (const o of objects) {
      const p = closest(parsed, o);
      assert.ok(p, `${shape} ${o.pattern} not found`);
      assert.deepEqual([p.shape, p.color, p.pattern], [o.shape, o.color, o.pattern]);
      assert.ok(Math.hypot(p.x - o.x, p.y - o.y) < 0.01, `centre ${p.x},${p.y} vs ${o.x},${o.y}`);
      assert.ok(Math.abs(p.size / o.size - 1) < 0.08, `size ${p.size} vs ${o.size}`);
    }
    assert.equal(parsed.background.color, 'cream');
  }
});

test('at 64 px every shape still reads with its shape and colour when it spans 20 px or more', async () => {
  for (const shape of SHAPES) {
    const objects = (['blue', 'yellow'] as const).map((color, j) => ({
      shape,
      color,
      pattern: 'solid' as const,
      x: 0.27 + 0.46 * j,
      y: 0.5,
      size: 0.2,
    }));
    const parsed = await parse(sceneOf(objects, { background: { color: 'sky', texture: 'plain' } }), 64);
    for (const o of objects) {
      const p = closest(parsed, o);
      assert.ok(p, `${shape} ${o.color} not found at 64 px`);
      assert.deepEqual([p.shape, p.color], [o.shape, o.color]);
    }
  }
});

interface Tally {
  objects: number;
  found: number;
  shape: number;
  color: number;
  pattern: number;
  background: number;
  extra: number;
}

/** Parses generated scenes and counts how many true objects read back right (matched by centre within 0.05). */
async function tally(seeds: number[], artifacts: Artifact[] = []): Promise<Tally> {
  const t: Tally = { objects: 0, found: 0, shape: 0, color: 0, pattern: 0, background: 0, extra: 0 };
  for (const seed of seeds) {
    const scene = generateScene(createRng(seed));
    const parsed = await parse(scene, 256, artifacts);
    if (parsed.background.color === scene.background.color) t.background++;
    t.extra += Math.max(0, parsed.objects.length - scene.objects.length);
    for (const o of scene.objects) {
      t.objects++;
      const p = closest(parsed, o);
      if (!p) continue;
      t.found++;
      if (p.shape === o.shape) t.shape++;
      if (p.color === o.color) t.color++;
      if (p.pattern === o.pattern) t.pattern++;
    }
  }
  return t;
}

const seeds = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

test('generated scenes (seeds 1000-1099): >= 97% of objects read with the right shape and colour', async () => {
  const t = await tally(seeds(1000, 100));
  assert.ok(t.objects >= 250, `only ${t.objects} objects`);
  assert.equal(t.found, t.objects);
  assert.ok(t.shape >= 0.97 * t.objects, `shape ${t.shape}/${t.objects}`);
  assert.ok(t.color >= 0.97 * t.objects, `colour ${t.color}/${t.objects}`);
  assert.ok(t.pattern >= 0.88 * t.objects, `pattern ${t.pattern}/${t.objects}`);
  assert.equal(t.background, 100);
  assert.ok(t.extra <= 2, `${t.extra} phantom objects`);
});

const ARTIFACTS: Array<{ artifact: Artifact; color: number }> = [
  { artifact: { kind: 'blur', sigma: 0.012 }, color: 0.97 },
  { artifact: { kind: 'noise', amount: 0.08 }, color: 0.97 },
  { artifact: { kind: 'jpeg', quality: 8 }, color: 0.95 },
  { artifact: { kind: 'color-cast', rgb: [0.1, 0, -0.08] }, color: 0.95 },
  { artifact: { kind: 'oversaturate', factor: 2.5 }, color: 0.95 },
  { artifact: { kind: 'white-border', width: 0.08 }, color: 0.9 },
];

for (const { artifact, color } of ARTIFACTS) {
  test(`under ${JSON.stringify(artifact)} objects are still found with the right shape and place`, async () => {
    const t = await tally(seeds(1000, 30), [artifact]);
    assert.ok(t.found >= 0.9 * t.objects, `found ${t.found}/${t.objects}`);
    assert.ok(t.shape >= 0.9 * t.objects, `shape ${t.shape}/${t.objects}`);
    assert.ok(t.color >= color * t.found, `colour ${t.color}/${t.found}`);
  });
}

test('a white frame is left out: positions are fractions of the framed picture', async () => {
  const o = {
    shape: 'square' as const,
    color: 'green' as const,
    pattern: 'solid' as const,
    x: 0.3,
    y: 0.6,
    size: 0.1,
  };
  const parsed = await parse(sceneOf([o], { background: { color: 'mint', texture: 'gradient' } }), 256, [
    { kind: 'white-border', width: 0.08 },
  ]);
  assert.equal(parsed.objects.length, 1);
  assert.ok(Math.hypot(parsed.objects[0]!.x - 0.3, parsed.objects[0]!.y - 0.6) < 0.01);
  assert.equal(parsed.background.color, 'mint');
});

test('each background colour is named, plain, gradient or grain', async () => {
  for (const color of ['pearl', 'cream', 'sky', 'mint', 'sand', 'lavender', 'peach'] as const) {
    for (const texture of ['plain', 'gradient', 'grain'] as const) {
      const parsed = await parse(sceneOf([], { background: { color, texture } }), 128);
      assert.equal(parsed.background.color, color, `${color} ${texture}`);
      assert.equal(parsed.objects.length, 0);
    }
  }
});

test('the sign plate is read as text, not as objects', async () => {
  const scene = sceneOf([{ shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.25, size: 0.1 }], {
    sign: { text: 'EXIT', x: 0.55, y: 0.7, height: 0.12 },
  });
  for (const color of ['pearl', 'sky'] as const) {
    const parsed = await parse({ ...scene, background: { color, texture: 'plain' } });
    assert.equal(parsed.objects.length, 1, JSON.stringify(parsed.objects));
    assert.equal(parsed.sign?.text, 'EXIT');
    assert.ok(Math.abs(parsed.sign.x - 0.55) < 0.01 && Math.abs(parsed.sign.y - 0.7) < 0.01);
    assert.ok(Math.abs(parsed.sign.height - 0.12) < 0.01);
  }
});

test('a sign blurred, JPEG-compressed or framed is still one plate, and its letters are never objects', async () => {
  const circle = { shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.25, size: 0.1 } as const;
  const damage: Artifact[] = [
    { kind: 'blur', sigma: 0.012 },
    { kind: 'blur', sigma: 0.008 },
    { kind: 'jpeg', quality: 8 },
    { kind: 'white-border', width: 0.08 },
  ];
  for (const color of ['pearl', 'peach', 'lavender'] as const) {
    for (const text of ['AB', 'EXIT7']) {
      const scene = sceneOf([circle], {
        background: { color, texture: 'plain' },
        sign: { text, x: 0.55, y: 0.7, height: 0.11 },
      });
      for (const artifact of damage) {
        const parsed = await parse(scene, 256, [artifact]);
        const what = `${color} "${text}" ${JSON.stringify(artifact)}`;
        assert.equal(parsed.objects.length, 1, `${what}: ${JSON.stringify(parsed.objects)}`);
        assert.ok(parsed.sign, `${what}: no sign`);
        assert.ok(Math.abs(parsed.sign.x - 0.55) < 0.03 && Math.abs(parsed.sign.y - 0.7) < 0.03, what);
      }
    }
  }
});

test('a grey, yellow or pink checkered square is an object, not a plate, even brightened', async () => {
  for (const color of ['gray', 'yellow', 'pink'] as const) {
    for (const brightness of [0, 0.3, 0.4]) {
      const square = { shape: 'square', color, pattern: 'checkered', x: 0.5, y: 0.5, size: 0.14 } as const;
      const parsed = await parse(
        sceneOf([square], {
          background: { color: 'sand', texture: 'plain' },
          tone: { ...NEUTRAL_TONE, brightness },
        }),
      );
      assert.equal(parsed.sign, null, `${color} at brightness ${brightness}`);
      assert.equal(parsed.objects.length, 1);
    }
  }
});

test('a near-white gradient ground (pearl) is not taken for an added white frame', async () => {
  const o = { shape: 'triangle', color: 'purple', pattern: 'solid', x: 0.54, y: 0.48, size: 0.137 } as const;
  const parsed = await parse(sceneOf([o], { background: { color: 'pearl', texture: 'gradient' } }));
  assert.equal(parsed.objects.length, 1);
  assert.ok(Math.hypot(parsed.objects[0]!.x - o.x, parsed.objects[0]!.y - o.y) < 0.01);
});

test('patterns survive global tone changes and a mild blur', async () => {
  const objects = (['dotted', 'striped', 'checkered'] as const).map((pattern, i) => ({
    shape: 'hexagon' as const,
    color: 'red' as const,
    pattern,
    x: 0.2 + 0.3 * i,
    y: 0.3,
    size: 0.081,
  }));
  objects.push({ shape: 'circle', color: 'blue', pattern: 'dotted', x: 0.5, y: 0.75, size: 0.09 } as never);
  const tones = [
    { brightness: 0.4 },
    { brightness: -0.4 },
    { warmth: 0.5 },
    { warmth: -0.5 },
    { saturation: -0.5 },
    { saturation: 0.5 },
  ];
  const cases: Array<{ tone: Partial<SceneGraph['tone']>; artifacts: Artifact[] }> = [
    ...tones.map((tone) => ({ tone, artifacts: [] })),
    { tone: {}, artifacts: [{ kind: 'blur', sigma: 0.006 }] },
  ];
  for (const { tone, artifacts } of cases) {
    const parsed = await parse(
      sceneOf(objects, {
        background: { color: 'sky', texture: 'plain' },
        tone: { ...NEUTRAL_TONE, ...tone },
      }),
      256,
      artifacts,
    );
    for (const o of objects) {
      const p = closest(parsed, o);
      assert.equal(
        p?.pattern,
        o.pattern,
        `${o.pattern} ${o.color} under ${JSON.stringify({ tone, artifacts })}`,
      );
      assert.ok(p && patternDecided(p), `${o.pattern} decided`);
    }
  }
});

test("a black object's faint pattern is read right or left undecided, never read wrong for sure", async () => {
  const black = { shape: 'circle', color: 'black', pattern: 'dotted', x: 0.3, y: 0.5, size: 0.1 } as const;
  const small = { shape: 'circle', color: 'red', pattern: 'dotted', x: 0.7, y: 0.5, size: 0.075 } as const;
  const solid = { shape: 'square', color: 'blue', pattern: 'solid', x: 0.5, y: 0.2, size: 0.1 } as const;
  const scene = sceneOf([black, small, solid]);
  const clean = await parse(scene);
  assert.equal(closest(clean, small)?.pattern, 'dotted');
  assert.equal(patternDecided(closest(clean, solid)!), true);
  for (const artifacts of [
    [],
    [{ kind: 'noise', amount: 0.08 }],
    [{ kind: 'blur', sigma: 0.012 }],
  ] as Artifact[][]) {
    const parsed = await parse(scene, 256, artifacts);
    for (const o of [black, small]) {
      const p = closest(parsed, o)!;
      assert.ok(
        p.pattern === 'dotted' || !patternDecided(p),
        `${o.color} read ${p.pattern} for sure under ${JSON.stringify(artifacts)}`,
      );
    }
  }
  // Under noise of 0.08 (20 levels), 13 levels of black ink cannot be told either way.
  const noisy = await parse(scene, 256, [{ kind: 'noise', amount: 0.08 }]);
  assert.equal(patternDecided(closest(noisy, black)!), false);
});
