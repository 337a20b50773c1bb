import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  BACKGROUND_COLORS,
  NEUTRAL_TONE,
  OBJECT_COLORS,
  UsageError,
  createRng,
  type SceneGraph,
  type SceneObject,
} from '../core/index.js';
import type { Raster } from '../images/index.js';
import { generateScene } from './generate-scene.js';
import { renderRaw, renderScene } from './render.js';
import { signPlateBox } from './sign-plate-box.js';

const pixel = ({ width, data }: Raster, x: number, y: number): number[] => {
  const p = (Math.floor(y) * width + Math.floor(x)) * 3;
  return [data[p]!, data[p + 1]!, data[p + 2]!];
};

function assertNear(got: number[], want: readonly number[], tolerance: number, what: string): void {
  assert.ok(
    got.every((c, i) => Math.abs(c - want[i]!) <= tolerance),
    `${what}: got ${got.join(',')}, want ${want.join(',')} +-${tolerance}`,
  );
}

const object = (o: Partial<SceneObject> & Pick<SceneObject, 'id' | 'x' | 'y'>): SceneObject => ({
  shape: 'circle',
  color: 'red',
  pattern: 'solid',
  size: 0.12,
  ...o,
});

const flat: SceneGraph = {
  background: { color: 'sky', texture: 'plain' },
  objects: [],
  sign: null,
  tone: NEUTRAL_TONE,
};

const shapes: SceneGraph = {
  ...flat,
  background: { color: 'mint', texture: 'plain' },
  objects: [
    object({ id: 'o1', x: 0.25, y: 0.25, shape: 'star', color: 'blue' }),
    object({ id: 'o2', x: 0.75, y: 0.25, shape: 'triangle', color: 'yellow' }),
    object({ id: 'o3', x: 0.25, y: 0.75, shape: 'cross', color: 'purple' }),
    object({ id: 'o4', x: 0.75, y: 0.75, shape: 'hexagon', color: 'black' }),
  ],
};

describe('renderScene', () => {
  it('is byte-identical for the same seed and differs for another, and encodes renderRaw', async () => {
    const [a, b, c] = await Promise.all(
      [11, 11, 12].map((seed) => renderScene(generateScene(createRng(seed)), { size: 128 })),
    );
    assert.ok(a!.equals(b!));
    assert.ok(!a!.equals(c!));
    const decoded = await sharp(a).raw().toBuffer({ resolveWithObject: true });
    const raw = await renderRaw(generateScene(createRng(11)), { size: 128 });
    assert.deepEqual([decoded.info.format, decoded.info.width, decoded.info.channels], ['raw', 128, 3]);
    assert.ok(Buffer.from(raw.data).equals(decoded.data));
  });

  it('writes JPEG when asked', async () => {
    const jpeg = await renderScene(shapes, { size: 96, format: 'jpeg' });
    const meta = await sharp(jpeg).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 96, 96]);
  });

  it('refuses a bad size, a bad format and an invalid scene with a UsageError', async () => {
    for (const size of [63, 1025, 100.5, Number.NaN]) {
      await assert.rejects(renderScene(flat, { size }), UsageError);
    }
    await assert.rejects(renderScene(flat, { size: 64, format: 'gif' as 'png' }), UsageError);
    await assert.rejects(
      renderRaw({ ...flat, objects: [object({ id: 'o1', x: 2, y: 0.5 })] }, { size: 64 }),
      UsageError,
    );
  });
});

describe('renderRaw', () => {
  for (const size of [64, 256]) {
    it(`paints object colours at their centres and the background away from them at ${size} px`, async () => {
      const image = await renderRaw(shapes, { size });
      assert.deepEqual([image.width, image.height, image.data.length], [size, size, size * size * 3]);
      for (const o of shapes.objects)
        assertNear(pixel(image, o.x * size, o.y * size), OBJECT_COLORS[o.color], 2, o.id);
      assertNear(pixel(image, size / 2, size / 2), BACKGROUND_COLORS.mint, 0, 'between objects');
      assertNear(pixel(image, 1, size - 2), BACKGROUND_COLORS.mint, 0, 'corner');
    });
  }

  it('finds object colours and background in generated scenes at 64 px', async () => {
    for (let seed = 0; seed < 10; seed++) {
      const scene = generateScene(createRng(seed), { textureShare: { plain: 1, gradient: 0, grain: 0 } });
      const image = await renderRaw(scene, { size: 64 });
      for (const o of scene.objects.filter((o) => o.pattern === 'solid')) {
        assertNear(pixel(image, o.x * 64, o.y * 64), OBJECT_COLORS[o.color], 3, `seed ${seed} ${o.id}`);
      }
      const plate = scene.sign ? signPlateBox(scene.sign, 64) : null;
      const far = (x: number, y: number): boolean =>
        scene.objects.every((o) => Math.hypot(o.x * 64 - x, o.y * 64 - y) > o.size * 64 + 2) &&
        (!plate || x < plate.x0 - 2 || x > plate.x1 + 2 || y < plate.y0 - 2 || y > plate.y1 + 2);
      let checked = 0;
      for (let y = 0.5; y < 64; y += 4) {
        for (let x = 0.5; x < 64; x += 4) {
          if (!far(x, y)) continue;
          assertNear(
            pixel(image, x, y),
            BACKGROUND_COLORS[scene.background.color],
            0,
            `seed ${seed} (${x}, ${y})`,
          );
          checked++;
        }
      }
      assert.ok(checked > 50, `seed ${seed}: ${checked} background samples`);
    }
  });

  it('paints patterns in 0.55 of the colour, anchored at the centre', async () => {
    // r = 0.15 * 256 = 38.4 px. Stripes: ink rows [cy + k*19.2, cy + k*19.2 + 9.6).
    const scene: SceneGraph = {
      ...flat,
      objects: [
        object({
          id: 'o1',
          x: 0.3,
          y: 0.3,
          size: 0.15,
          shape: 'square',
          pattern: 'striped',
          color: 'orange',
        }),
        object({
          id: 'o2',
          x: 0.7,
          y: 0.3,
          size: 0.15,
          shape: 'square',
          pattern: 'checkered',
          color: 'green',
        }),
        object({ id: 'o3', x: 0.5, y: 0.72, size: 0.15, shape: 'square', pattern: 'dotted', color: 'pink' }),
      ],
    };
    const image = await renderRaw(scene, { size: 256 });
    const orangeInk = [135, 74, 11]; // round(245 * 0.55), round(135 * 0.55), round(20 * 0.55)
    const [cx, cy] = [76.8, 76.8];
    assertNear(pixel(image, cx, cy + 4.8), orangeInk, 1, 'first stripe below the centre');
    assertNear(pixel(image, cx + 20, cy + 19.2 + 4.8), orangeInk, 1, 'second stripe');
    assertNear(pixel(image, cx - 20, cy - 19.2 + 4.8), orangeInk, 1, 'stripe above');
    assertNear(pixel(image, cx, cy + 9.6 + 4.8), OBJECT_COLORS.orange, 1, 'gap between stripes');
    // Checkers of side 13.44 px: (0, 0) ink below-right of the centre, (-1, 0) not, (-1, -1) ink.
    const green = OBJECT_COLORS.green;
    const greenInk = green.map((c) => Math.round(c * 0.55));
    assertNear(pixel(image, 179.2 + 6.7, 76.8 + 6.7), greenInk, 1, 'checker (0, 0)');
    assertNear(pixel(image, 179.2 - 6.7, 76.8 + 6.7), green, 1, 'checker (-1, 0)');
    assertNear(pixel(image, 179.2 - 6.7, 76.8 - 6.7), greenInk, 1, 'checker (-1, -1)');
    // Dots of radius 4.6 px every 17.28 px, one on the centre (128, 184.32).
    const pinkInk = OBJECT_COLORS.pink.map((c) => Math.round(c * 0.55));
    assertNear(pixel(image, 128, 184.32), pinkInk, 1, 'dot on the centre');
    assertNear(pixel(image, 128 + 17.28, 184.32), pinkInk, 1, 'next dot');
    assertNear(pixel(image, 128 + 8.64, 184.32), OBJECT_COLORS.pink, 1, 'between dots');
  });

  it('paints the sign where signPlateBox says: border, plate and glyph cells', async () => {
    const sign = { text: 'IT', x: 0.5, y: 0.5, height: 0.3 };
    const image = await renderRaw({ ...flat, sign }, { size: 256 });
    const box = signPlateBox(sign, 256); // height 76.8, cell 6.98, border 4.61 px
    const cell = 76.8 / 11;
    assertNear(pixel(image, box.x0 + 2.3, 128), [0x20, 0x20, 0x20], 0, 'border');
    assertNear(pixel(image, box.x0 + 1.5 * cell, 128), [0xfa, 0xfa, 0xfa], 0, 'plate');
    // 'I' row 0 is inked in all 5 columns; row 1 only in column 2. 'T' starts 6 cells further.
    assertNear(pixel(image, box.x0 + 4.5 * cell, box.y0 + 2.5 * cell), [0x1e, 0x1e, 0x1e], 0, 'I top bar');
    assertNear(
      pixel(image, box.x0 + 2.5 * cell, box.y0 + 3.5 * cell),
      [0xfa, 0xfa, 0xfa],
      0,
      'beside I stem',
    );
    assertNear(pixel(image, box.x0 + 10.5 * cell, box.y0 + 8.5 * cell), [0x1e, 0x1e, 0x1e], 0, 'T stem');
    assertNear(pixel(image, box.x1 + 2, 128), BACKGROUND_COLORS.sky, 0, 'outside');

    // At 64 px every dark pixel is inside the box, and there are some.
    const small = await renderRaw(
      { ...flat, sign: { ...sign, text: 'HELLO', height: 0.13, x: 0.4, y: 0.6 } },
      { size: 64 },
    );
    const b = signPlateBox({ ...sign, text: 'HELLO', height: 0.13, x: 0.4, y: 0.6 }, 64);
    let dark = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (Math.max(...pixel(small, x, y)) > 150) continue;
        dark++;
        assert.ok(
          x + 1 > b.x0 && x < b.x1 && y + 1 > b.y0 && y < b.y1,
          `dark pixel (${x}, ${y}) off the plate`,
        );
      }
    }
    assert.ok(dark > 40, `${dark} dark pixels`); // cells are 0.75 px here, so ink is grey, not black
  });

  it('applies the tone to every pixel (hand-computed on a flat background)', async () => {
    // sky (200, 225, 245) + 12.75 + warmth 12.75 -> (225.5, 237.75, 245); luma 234.91375; halfway to it.
    const image = await renderRaw(
      { ...flat, tone: { brightness: 0.1, warmth: 0.2, saturation: -0.5 } },
      { size: 64 },
    );
    for (const [x, y] of [
      [0, 0],
      [31, 40],
      [63, 63],
    ] as const) {
      assert.deepEqual(pixel(image, x, y), [230, 236, 240]);
    }
  });
});
