import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { readRealEdits, realEditsSkip } from '../testing/index.js';
import { CHANGE_CELL_THRESHOLD } from './change-map.js';
import { CLEAR_CHANGE_MARGIN, coarseChange } from './coarse-change.js';
import { loadImage } from './load.js';
import { photoLike } from './photo-like.js';
import { compareForHardRules, comparePixels } from './pixel-facts.js';
import type { BorderReport, LoadedImage } from './types.js';
import { paintedRaster } from './painted-raster.js';

describe('coarseChange', () => {
  it('finds a cell whose mean moved past the margin, by hand', () => {
    // 4x4 pixels, a 2x2 grid of 2x2-pixel cells; the top-left cell's red channel +60 on every pixel:
    // that cell's mean difference is 60 / (3 * 255) = 0.078 > 0.04 * 1.5 = 0.06.
    const a = paintedRaster(4, 4, () => [100, 100, 100]);
    const b = paintedRaster(4, 4, (x, y) => (x < 2 && y < 2 ? [160, 100, 100] : [100, 100, 100]));
    const coarse = coarseChange(a, b, 2);
    assert.equal(coarse.clearlyChanged, true);
    // The frame's red shift: 4 pixels of 16 moved 60 levels -> 15 / 255.
    assert.ok(Math.abs(coarse.globalShift - 15 / 255) < 1e-12);
  });

  it('does not call a cell changed when its mean stays under the margin', () => {
    // +45 on red: 45 / 765 = 0.0588 < 0.06 (though past the full map's 0.04: that is for diffRasters to say).
    const a = paintedRaster(4, 4, () => [100, 100, 100]);
    const b = paintedRaster(4, 4, (x, y) => (x < 2 && y < 2 ? [145, 100, 100] : [100, 100, 100]));
    assert.ok(45 / 765 < CHANGE_CELL_THRESHOLD * CLEAR_CHANGE_MARGIN);
    assert.equal(coarseChange(a, b, 2).clearlyChanged, false);
  });

  it('lets changes of opposite sign inside one cell cancel (that cell is left to the full map)', () => {
    const a = paintedRaster(4, 4, () => [100, 100, 100]);
    const b = paintedRaster(4, 4, (x, y) =>
      y < 2 ? (x === 0 ? [200, 100, 100] : x === 1 ? [0, 100, 100] : [100, 100, 100]) : [100, 100, 100],
    );
    const coarse = coarseChange(a, b, 2);
    assert.equal(coarse.clearlyChanged, false);
    assert.equal(coarse.globalShift, 0);
  });

  it('refuses rasters of different sizes', () => {
    assert.throws(
      () =>
        coarseChange(
          paintedRaster(4, 4, () => [0, 0, 0]),
          paintedRaster(4, 3, () => [0, 0, 0]),
        ),
      /sizes differ/,
    );
  });
});

const W = 384;
const H = 288;
const base = Buffer.from(photoLike(W, H, 5));
const fromRaw = (data: Buffer) => sharp(data, { raw: { width: W, height: H, channels: 3 } });

function withDisc(radius: number, delta: number): Buffer {
  const out = Buffer.from(base);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if ((x - 150) ** 2 + (y - 120) ** 2 >= radius * radius) continue;
      const i = (y * W + x) * 3;
      for (let c = 0; c < 3; c++)
        out[i + c] = Math.max(0, Math.min(255, out[i + c]! + (c === 0 ? delta : -delta)));
    }
  }
  return out;
}

function tinted(levels: number): Buffer {
  const out = Buffer.from(base);
  for (let i = 0; i < out.length; i += 3) out[i] = Math.min(255, out[i]! + levels);
  return out;
}

/** What the white-border rule reads from a border report. */
const addsWhiteBorder = (border: BorderReport | null) => border?.kind === 'white' && border.added;

/** Checks compareForHardRules against comparePixels; returns the near-copy answer and whether a preview settled the edit. */
async function expectSameAnswers(
  source: LoadedImage,
  edited: LoadedImage,
  label: string,
): Promise<{ nearIdentical: boolean; settledByPreview: boolean }> {
  const [full, quick] = await Promise.all([
    comparePixels(source, edited),
    compareForHardRules(source, edited),
  ]);
  assert.equal(quick.nearIdentical, full.nearIdentical, `${label}: near-identical`);
  if (quick.border === null) {
    // Settled from a preview: no band was measured, so only the rule's answer can be compared.
    assert.equal(addsWhiteBorder(full.border), false, `${label}: white border missed by the preview`);
  } else {
    assert.deepEqual(quick.border, full.border, `${label}: border`);
  }
  if (quick.nearIdentical) {
    assert.equal(quick.meanAbsDiff, full.meanAbsDiff, `${label}: mean difference`);
    assert.equal(quick.changedShare, full.changedShare, `${label}: changed share`);
  }
  return { nearIdentical: full.nearIdentical, settledByPreview: quick.border === null };
}

describe('compareForHardRules gives comparePixels answers', () => {
  it('on copies, faint and real edits of all sizes, tints and borders', async () => {
    const source = await loadImage(await fromRaw(base).jpeg({ quality: 92 }).toBuffer());
    const cases: [string, Promise<Buffer>][] = [
      ['itself', fromRaw(base).jpeg({ quality: 92 }).toBuffer()],
      ['re-encoded q70', fromRaw(base).jpeg({ quality: 70 }).toBuffer()],
      [
        'upscaled x2',
        fromRaw(base)
          .resize(W * 2)
          .png()
          .toBuffer(),
      ],
      [
        'downscaled',
        fromRaw(base)
          .resize(W / 2)
          .jpeg()
          .toBuffer(),
      ],
      [
        'white border',
        fromRaw(base)
          .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#fff' })
          .jpeg()
          .toBuffer(),
      ],
      ...[1, 2, 3, 4, 6].map((levels): [string, Promise<Buffer>] => [
        `tint +${levels}`,
        fromRaw(tinted(levels)).jpeg({ quality: 92 }).toBuffer(),
      ]),
    ];
    for (const radius of [3, 6, 10, 16, 28, 60]) {
      for (const delta of [8, 16, 30, 60, 120]) {
        cases.push([
          `disc r${radius} d${delta}`,
          fromRaw(withDisc(radius, delta)).jpeg({ quality: 92 }).toBuffer(),
        ]);
      }
    }
    const answers: boolean[] = [];
    for (const [label, bytes] of cases)
      answers.push((await expectSameAnswers(source, await loadImage(await bytes), label)).nearIdentical);
    // The set holds both answers, so agreement is not agreement on one constant.
    assert.ok(answers.includes(true) && answers.includes(false), String(answers));
  });
});

describe('compareForHardRules on the real photos', { skip: realEditsSkip }, () => {
  it('agrees with comparePixels on every target, source copy and white-bordered target', async () => {
    for (const row of readRealEdits()) {
      const source = await loadImage(row.source);
      const target = await loadImage(row.target);
      assert.equal((await expectSameAnswers(source, target, `${row.id} target`)).nearIdentical, false);
      const copy = await loadImage(await sharp(source.bytes).jpeg({ quality: 75 }).toBuffer());
      assert.equal((await expectSameAnswers(source, copy, `${row.id} copy`)).nearIdentical, true);
      const pad = Math.round(target.width * 0.06);
      const framed = await loadImage(
        await sharp(target.bytes)
          .extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#ffffff' })
          .jpeg()
          .toBuffer(),
      );
      await expectSameAnswers(source, framed, `${row.id} framed`);
    }
  });
});

describe('compareForHardRules settles from previews what the full pass would', () => {
  /** A copy of `pixels` with `paint` applied to every pixel it returns a colour for. */
  function painted(
    pixels: Buffer,
    width: number,
    height: number,
    paint: (x: number, y: number) => readonly number[] | undefined,
  ): Buffer {
    const out = Buffer.from(pixels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const colour = paint(x, y);
        if (colour) out.set(colour, (y * width + x) * 3);
      }
    }
    return out;
  }

  for (const [width, height] of [
    [512, 512],
    [768, 768],
    [1024, 768],
    [1024, 1024],
  ] as const) {
    it(`at ${width}x${height}: real edits, copies, tints and white bands near the thinnest that counts`, async () => {
      const jpeg = (pixels: Buffer, quality = 92) =>
        sharp(pixels, { raw: { width, height, channels: 3 } })
          .jpeg({ quality })
          .toBuffer();
      // Saturated red along the top, under where the thinnest bands go: the colour a coarse decode
      // would bleed most into a band's outermost line.
      const base = painted(photoLike(width, height, 9), width, height, (_x, y) =>
        y < height * 0.06 ? [230, 20, 30] : undefined,
      );
      const radius = Math.min(width, height) * 0.15;
      const edit = painted(base, width, height, (x, y) =>
        (x - width * 0.5) ** 2 + (y - height * 0.55) ** 2 < radius * radius ? [30, 200, 60] : undefined,
      );
      const withBands = (share: number, sides: 'top' | 'all') =>
        painted(edit, width, height, (x, y) => {
          const dy = Math.round(share * height);
          const dx = Math.round(share * width);
          const inBand = y < dy || (sides === 'all' && (y >= height - dy || x < dx || x >= width - dx));
          return inBand ? [255, 255, 255] : undefined;
        });
      const source = await loadImage(await jpeg(base));
      const cases: [string, Buffer][] = [
        ['edit', await jpeg(edit)],
        ['copy q75', await jpeg(base, 75)],
        [
          'tint +6',
          await jpeg(
            painted(base, width, height, (x, y) => {
              const p = (y * width + x) * 3;
              return [Math.min(255, base[p]! + 6), base[p + 1]!, base[p + 2]!];
            }),
          ),
        ],
      ];
      for (const share of [0.01, 0.014, 0.016, 0.02, 0.04]) {
        cases.push([`top band ${share}`, await jpeg(withBands(share, 'top'))]);
        cases.push([`frame ${share}`, await jpeg(withBands(share, 'all'))]);
      }
      const outcomes = new Map<string, { nearIdentical: boolean; settledByPreview: boolean }>();
      for (const [label, bytes] of cases) {
        outcomes.set(
          label,
          await expectSameAnswers(source, await loadImage(bytes), `${width}x${height} ${label}`),
        );
      }
      // The preview path is taken for the plain edit, and bands that count are left to the full pass.
      assert.equal(outcomes.get('edit')?.settledByPreview, true);
      assert.equal(outcomes.get('copy q75')?.nearIdentical, true);
      assert.equal(outcomes.get('frame 0.04')?.settledByPreview, false);
    });
  }
});
