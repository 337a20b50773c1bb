import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { loadImage } from './load.js';
import { photoLike } from './photo-like.js';
import { comparePixels } from './pixel-facts.js';
import type { LoadedImage } from './types.js';
import { readRealEdits, realEditsSkip } from '../testing/index.js';

const W = 512;
const H = 384;
const raw = (data: Buffer, width = W, height = H) => sharp(data, { raw: { width, height, channels: 3 } });

/** Paints a filled disc (an "object") into an RGB buffer. */
function paintDisc(data: Buffer, cx: number, cy: number, r: number, rgb: [number, number, number]): Buffer {
  const out = Buffer.from(data);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) out.set(rgb, (y * W + x) * 3);
    }
  }
  return out;
}

const base = photoLike(W, H, 11);
const sourcePromise = raw(base).jpeg({ quality: 95 }).toBuffer();
const load = async (bytes: Buffer | Promise<Buffer>) => loadImage(await bytes);

describe('comparePixels: copies are near-identical', () => {
  it('the source against itself', async () => {
    const source = await load(sourcePromise);
    const facts = await comparePixels(source, source);
    assert.equal(facts.meanAbsDiff, 0);
    assert.ok(Math.abs(facts.ssim - 1) < 1e-9);
    assert.deepEqual([facts.nearIdentical, facts.changedShare, facts.changeMap.bbox], [true, 0, null]);
    assert.deepEqual([facts.analysisWidth, facts.analysisHeight], [256, 192]);
  });

  it('a JPEG re-encode at quality 75', async () => {
    const source = await load(sourcePromise);
    const facts = await comparePixels(
      source,
      await load(sharp(source.bytes).jpeg({ quality: 75 }).toBuffer()),
    );
    assert.ok(facts.meanAbsDiff > 0);
    assert.equal(facts.nearIdentical, true, JSON.stringify({ ...facts, changeMap: undefined }));
  });

  it('an upscaled copy, compared at the source size', async () => {
    const source = await load(sourcePromise);
    const upscaled = await load(sharp(source.bytes).resize(1024, 768).png().toBuffer());
    const facts = await comparePixels(source, upscaled);
    assert.deepEqual([facts.analysisWidth, facts.analysisHeight], [256, 192]);
    assert.equal(facts.nearIdentical, true);
    assert.equal(facts.border.kind, 'none');
  });
});

describe('comparePixels: edits', () => {
  const r = Math.sqrt((0.03 * W * H) / Math.PI); // a disc covering 3% of the frame

  it('a small object recoloured is not near-identical, and the change is boxed around it', async () => {
    const withObject = paintDisc(base, 360, 120, r, [200, 40, 40]);
    const source = await load(raw(withObject).jpeg({ quality: 95 }).toBuffer());
    const edited = await load(
      raw(paintDisc(withObject, 360, 120, r, [40, 60, 200]))
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    const facts = await comparePixels(source, edited);
    assert.equal(facts.nearIdentical, false);
    assert.ok(facts.changedShare > 0.01 && facts.changedShare < 0.1, `changedShare ${facts.changedShare}`);
    const box = facts.changeMap.bbox;
    assert.ok(box);
    // The disc spans x 317-403 of 512 and y 77-163 of 384; the box is of whole cells (1/16), which
    // the disc's rim may or may not fill enough to count.
    const disc = { x0: 317 / W, x1: 403 / W, y0: 77 / H, y1: 163 / H };
    for (const key of ['x0', 'y0', 'x1', 'y1'] as const) {
      assert.ok(Math.abs(box[key] - disc[key]) <= 1 / 16, `${key}: ${box[key]} vs ${disc[key]}`);
    }
  });

  it('boxes a painted square', async () => {
    const source = await load(sourcePromise);
    const edited = await load(
      sharp(source.bytes)
        .composite([
          {
            input: { create: { width: 128, height: 96, channels: 3, background: '#10e010' } },
            left: 128,
            top: 192,
          },
        ])
        .png()
        .toBuffer(),
    );
    const facts = await comparePixels(source, edited);
    assert.equal(facts.nearIdentical, false);
    const box = facts.changeMap.bbox;
    assert.ok(box);
    const expected = { x0: 0.25, y0: 0.5, x1: 0.5, y1: 0.75 };
    for (const key of ['x0', 'y0', 'x1', 'y1'] as const) {
      assert.ok(
        Math.abs(box[key] - expected[key]) <= 1 / 16 + 1e-9,
        `${key}: ${box[key]} vs ${expected[key]}`,
      );
    }
  });

  it('reports tone changes: brighter, warmer, less saturated', async () => {
    const source = await load(sourcePromise);
    const edit = async (f: (s: Sharp) => Sharp) =>
      comparePixels(source, await load(f(sharp(source.bytes)).png().toBuffer()));
    const brighter = await edit((s) => s.linear(1, 40));
    assert.ok(brighter.editedTone.brightness - brighter.sourceTone.brightness > 0.1);
    assert.ok(Math.abs(brighter.editedTone.warmth - brighter.sourceTone.warmth) < 0.02);

    const warmer = await edit((s) => s.linear([1, 1, 1], [30, 0, -30]));
    assert.ok(warmer.editedTone.warmth - warmer.sourceTone.warmth > 0.15);

    const muted = await edit((s) => s.modulate({ saturation: 0.3 }));
    assert.ok(muted.editedTone.saturation < muted.sourceTone.saturation * 0.6);
    assert.deepEqual([muted.sourceTone.grayscale, muted.editedTone.grayscale], [false, false]);
    const grey = await edit((s) => s.greyscale());
    assert.deepEqual([grey.sourceTone.grayscale, grey.editedTone.grayscale], [false, true]);

    for (const facts of [brighter, warmer, muted, grey]) assert.equal(facts.nearIdentical, false);
  });

  it('reports an added white border and both aspects', async () => {
    const source = await load(sourcePromise);
    const framed = await load(
      sharp(source.bytes)
        .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
        .jpeg()
        .toBuffer(),
    );
    const facts = await comparePixels(source, framed);
    assert.deepEqual([facts.border.kind, facts.border.added], ['white', true]);
    assert.ok(Math.abs(facts.border.sides.left - 24 / 560) < 0.01, `left ${facts.border.sides.left}`);
    assert.ok(Math.abs(facts.sourceAspect - 512 / 384) < 1e-12);
    assert.ok(Math.abs(facts.editedAspect - 560 / 432) < 1e-12);
  });

  it('does not call a border the source already had added', async () => {
    const framedSource = await load(
      sharp(await sourcePromise)
        .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
        .png()
        .toBuffer(),
    );
    const copy = await load(sharp(framedSource.bytes).jpeg({ quality: 85 }).toBuffer());
    const facts = await comparePixels(framedSource, copy);
    assert.deepEqual([facts.border.kind, facts.border.added, facts.nearIdentical], ['white', false, true]);
  });

  it('takes the analysis size from options', async () => {
    const source = await load(sourcePromise);
    const facts = await comparePixels(source, source, { analysisSide: 128 });
    assert.deepEqual([facts.analysisWidth, facts.analysisHeight], [128, 96]);
  });

  it('gives each of several edits compared at once the result it gets alone', async () => {
    const source = await load(sourcePromise);
    const edits = await Promise.all(
      [30, 90, 150].map((y) =>
        load(
          raw(paintDisc(base, 200, y, 40, [0, 0, 0]))
            .jpeg()
            .toBuffer(),
        ),
      ),
    );
    const together = await Promise.all(edits.map((edited) => comparePixels(source, edited)));
    for (const [i, edited] of edits.entries()) {
      assert.deepEqual(await comparePixels(source, edited), together[i]);
    }
    assert.notEqual(together[0]!.ssim, together[1]!.ssim);
  });
});

describe('comparePixels on the real photos', { skip: realEditsSkip }, () => {
  const rows = readRealEdits;
  const open = (path: string): Promise<LoadedImage> => loadImage(path);

  it('no target is near-identical to its source (MagicBrush and WhatsUp)', async () => {
    for (const row of rows()) {
      const facts = await comparePixels(await open(row.source), await open(row.target));
      assert.equal(facts.nearIdentical, false, `${row.id}: ${facts.changedShare}`);
      assert.equal(facts.border.kind === 'white' && facts.border.added, false, `${row.id}: border`);
    }
  });

  it('each MagicBrush source is near-identical to itself and to a JPEG re-encode of it', async () => {
    for (const row of rows().filter((r) => r.task === 'magicbrush')) {
      const source = await open(row.source);
      assert.equal((await comparePixels(source, source)).nearIdentical, true, row.id);
      const reencoded = await load(sharp(source.bytes).jpeg({ quality: 75 }).toBuffer());
      assert.equal((await comparePixels(source, reencoded)).nearIdentical, true, `${row.id} re-encoded`);
    }
  });

  it('a white border of ~6% added to a MagicBrush target is detected as added', async () => {
    for (const row of rows().filter((r) => r.task === 'magicbrush')) {
      const target = await open(row.target);
      const pad = Math.round(target.width * 0.06);
      const framed = await load(
        sharp(target.bytes)
          .extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#ffffff' })
          .jpeg()
          .toBuffer(),
      );
      const { border } = await comparePixels(await open(row.source), framed);
      assert.deepEqual([border.kind, border.added], ['white', true], row.id);
      for (const share of Object.values(border.sides))
        assert.ok(share > 0.04 && share < 0.07, `${row.id}: ${share}`);
    }
  });
});
