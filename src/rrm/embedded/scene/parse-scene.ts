import type { Raster } from '../../../images/index.js';
import { classifyShape, radialProfile } from './classify-shape.js';
import { detectPattern, type Interior } from './detect-pattern.js';
import { findBackground, type PixelBox } from './find-background.js';
import { isSignPlate } from './find-sign.js';
import type { Rgb } from './lab.js';
import { nameSceneColors } from './name-scene-colors.js';
import { readSignText } from './read-sign.js';
import { segment, type Component, type Segmentation } from './segment.js';
import { smooth3 } from './smooth.js';
import type { ParsedObject, ParsedScene, ParsedSign } from './types.js';

/** Components under this share of the image are specks (noise, JPEG ringing), not objects. */
export const SPECK_SHARE = 0.0015;

interface Picture {
  raster: Raster;
  px: Float32Array;
  seg: Segmentation;
  /** The picture inside any white frame: positions and sizes are fractions of it. */
  inner: PixelBox;
}

/** An object before its colour is named (colours are named for the whole scene at once). */
type Measured = Omit<ParsedObject, 'color'> & { rgb: Rgb };

const luma = (px: Float32Array, p: number): number =>
  0.299 * px[p]! + 0.587 * px[p + 1]! + 0.114 * px[p + 2]!;

/** Median distance from the ground over the component: the object's contrast (between base and ink). */
function medianDistance({ seg, raster }: Picture, c: Component): number {
  const hist = new Uint32Array(450);
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0, i = y * raster.width + x; x < c.x1; x++, i++) {
      if (seg.labels[i] === c.label) hist[Math.min(449, Math.round(seg.distance[i]!))]!++;
    }
  }
  let seen = 0;
  let median = 0;
  while (median < 449 && seen + hist[median]! < c.area / 2) seen += hist[median++]!;
  return median;
}

/** Pixels about `depth` px inside the outline (the eight neighbours at that distance are in). */
function interiorOf(
  inside: (x: number, y: number) => boolean,
  c: Component,
  depth: number,
  px: Float32Array,
  width: number,
): Interior {
  const n = (c.x1 - c.x0) * (c.y1 - c.y0);
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  const values = new Float32Array(n);
  let count = 0;
  const diag = Math.round(depth * Math.SQRT1_2);
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0; x < c.x1; x++) {
      if (!inside(x, y) || !inside(x - depth, y) || !inside(x + depth, y)) continue;
      if (!inside(x, y - depth) || !inside(x, y + depth)) continue;
      // Diagonals too, so pixels by a concave corner (a cross's, a star's) stay out.
      if (!inside(x - diag, y - diag) || !inside(x + diag, y + diag)) continue;
      if (!inside(x - diag, y + diag) || !inside(x + diag, y - diag)) continue;
      xs[count] = x;
      ys[count] = y;
      values[count++] = luma(px, (y * width + x) * 3);
    }
  }
  return { xs, ys, luma: values, count };
}

function measureObject(picture: Picture, c: Component): Measured {
  const { raster, px, seg, inner } = picture;
  const w = raster.width;
  // The object's own edge is half way to its contrast: against the segmentation's threshold, near
  // the ground, a blurred object would read too large.
  const contrast = medianDistance(picture, c);
  const threshold = Math.max(seg.threshold, 0.5 * contrast);
  const inside = (x: number, y: number): boolean => {
    if (x < c.x0 || x >= c.x1 || y < c.y0 || y >= c.y1) return false;
    const i = y * w + x;
    return seg.labels[i] === c.label && seg.distance[i]! >= threshold;
  };
  // Never empty: the edge threshold is at most the component's median distance.
  let area = 0;
  let sx = 0;
  let sy = 0;
  let rim = 0;
  let perimeter = 0;
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0, i = y * w + x; x < c.x1; x++, i++) {
      if (seg.labels[i] !== c.label) continue;
      const d = seg.distance[i]!;
      if (d >= 0.25 * contrast && d < 0.75 * contrast) rim++;
      if (d < threshold) continue;
      area++;
      sx += x + 0.5;
      sy += y + 0.5;
      if (!inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1)) perimeter++;
    }
  }
  const cx = sx / area;
  const cy = sy / area;
  const fit = classifyShape(radialProfile(inside, c, cx, cy), area);

  // Colour and pattern from pixels clear of the rim, whose width (anti-aliasing, blur) is the band of
  // pixels between a quarter and three quarters of the contrast, per pixel of outline.
  const rimWidth = rim / Math.max(1, perimeter);
  const depth = Math.max(1, Math.min(Math.round(1 + 1.5 * rimWidth), Math.floor(fit.radius / 3)));
  let interior = interiorOf(inside, c, depth, px, w);
  if (interior.count < 8) interior = interiorOf(inside, c, 0, px, w);
  const reading = detectPattern(interior);
  const base = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < interior.count; i++) {
    if (interior.luma[i]! < reading.inkBelow) continue;
    const p = (interior.ys[i]! * w + interior.xs[i]!) * 3;
    for (let k = 0; k < 3; k++) base[k]! += px[p + k]!;
    n++;
  }
  const iw = inner.x1 - inner.x0;
  const ih = inner.y1 - inner.y0;
  return {
    shape: fit.shape,
    rgb: [base[0]! / n, base[1]! / n, base[2]! / n],
    pattern: reading.pattern,
    x: (cx - inner.x0) / iw,
    y: (cy - inner.y0) / ih,
    size: fit.radius / Math.min(iw, ih),
    area: area / (iw * ih),
  };
}

function readSign({ raster, inner }: Picture, c: Component): ParsedSign {
  const iw = inner.x1 - inner.x0;
  const ih = inner.y1 - inner.y0;
  return {
    text: readSignText(raster, { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 }),
    x: ((c.x0 + c.x1) / 2 - inner.x0) / iw,
    y: ((c.y0 + c.y1) / 2 - inner.y0) / ih,
    height: (c.y1 - c.y0) / Math.min(iw, ih),
  };
}

const within = (c: Component, box: Component): boolean =>
  c.cx >= box.x0 && c.cx <= box.x1 && c.cy >= box.y0 && c.cy <= box.y1;

const boxArea = (c: Component): number => (c.x1 - c.x0) * (c.y1 - c.y0);

/**
 * Reads a flat-object scene from pixels alone: the ground (a white frame left out), then every
 * component far from it; the sign plate among them is read as text, anything inside the plate is its
 * lettering, and every other component is an object with a shape, pattern, centre and size. Colours
 * of ground and objects are named together (name-scene-colors.ts), so a cast or a chroma boost that
 * moves them all is recognised as such. Positions are fractions of the picture inside any frame.
 */
export function parseScene(raster: Raster): ParsedScene {
  const { width: w, height: h } = raster;
  const px = smooth3(raster);
  const bg = findBackground(px, w, h);
  const seg = segment(px, w, h, bg);
  const picture: Picture = { raster, px, seg, inner: bg.picture };
  const speck = SPECK_SHARE * (bg.inner.x1 - bg.inner.x0) * (bg.inner.y1 - bg.inner.y0);
  const components = seg.components.filter((c) => c.area >= speck);
  const groundLuma = 0.299 * bg.rgb[0] + 0.587 * bg.rgb[1] + 0.114 * bg.rgb[2];
  const plate = components
    .filter((c) => isSignPlate(px, w, seg, c, groundLuma))
    .sort((a, b) => boxArea(b) - boxArea(a))[0];
  const measured = components
    .filter((c) => plate === undefined || (c !== plate && !within(c, plate)))
    .map((c) => measureObject(picture, c));
  const colors = nameSceneColors(
    bg.rgb,
    measured.map((m) => m.rgb),
  );
  return {
    width: w,
    height: h,
    background: { color: colors.background, rgb: bg.rgb },
    objects: measured.map(({ rgb: _rgb, ...m }, i) => ({ ...m, color: colors.objects[i]! })),
    sign: plate ? readSign(picture, plate) : null,
  };
}
