import { luma } from '../../../images/index.js';
import type { Raster } from '../../../images/index.js';
import { classifyShape, radialProfile } from './classify-shape.js';
import { detectPattern } from './detect-pattern.js';
import { findBackground, type PixelBox } from './find-background.js';
import { isSignPlate } from './find-sign.js';
import type { Rgb } from './lab.js';
import { nameSceneColors } from './name-scene-colors.js';
import { interiorOf } from './object-interior.js';
import { emptyMask, maskIndex, PAD, type ObjectMask } from './object-mask.js';
import { isDecisive, markPatternUndecided } from './pattern-certainty.js';
import { readSignText } from './read-sign.js';
import { segment, type Component, type Segmentation } from './segment.js';
import { smooth3 } from './smooth.js';
import type { ParsedObject, ParsedScene, ParsedSign } from './types.js';

/** A flat object's tone spread (5th to 95th percentile) per unit of its median pixel-to-pixel step. */
const ROUGHNESS_SPREAD = 1.5;
/** ...and per unit of the ground's RMS distance from its plane. */
const GROUND_SPREAD = 4;

/** Components under this share of the image are specks (noise, JPEG ringing), not objects. */
export const SPECK_SHARE = 0.0015;

interface Picture {
  raster: Raster;
  px: Float32Array;
  seg: Segmentation;
  /** The picture inside any white frame: positions and sizes are fractions of it. */
  inner: PixelBox;
  /** RMS distance of the ground's smoothed pixels from its plane. */
  noise: number;
}

/** An object before its colour is named (colours are named for the whole scene at once). */
type Measured = Omit<ParsedObject, 'color'> & { rgb: Rgb; decided: boolean };

/** Buffers kept between parses (parsing is synchronous), grown as objects grow. */
let maskBuffer = new Uint8Array(0);
const histogram = new Uint32Array(450);

/** Median distance from the ground over the component: the object's contrast (between base and ink). */
function medianDistance({ seg, raster }: Picture, c: Component): number {
  const hist = histogram.fill(0);
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

/** The component's pixels at least `threshold` from the ground: the object within its own edge. */
function objectMask({ seg, raster }: Picture, c: Component, threshold: number): ObjectMask {
  const size = (c.x1 - c.x0 + 2 * PAD) * (c.y1 - c.y0 + 2 * PAD);
  if (maskBuffer.length < size) maskBuffer = new Uint8Array(2 * size);
  const mask = emptyMask(c, maskBuffer);
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0, i = y * raster.width + x, m = maskIndex(mask, x, y); x < c.x1; x++, i++, m++) {
      if (seg.labels[i] === c.label && seg.distance[i]! >= threshold) mask.data[m] = 1;
    }
  }
  return mask;
}

function measureObject(picture: Picture, c: Component): Measured {
  const { raster, px, seg, inner, noise } = picture;
  const w = raster.width;
  // The object's own edge is half way to its contrast: against the segmentation's threshold, near
  // the ground, a blurred object would read too large.
  const contrast = medianDistance(picture, c);
  const threshold = Math.max(seg.threshold, 0.5 * contrast);
  const mask = objectMask(picture, c, threshold);
  const { data, stride } = mask;
  // Never empty: the edge threshold is at most the component's median distance.
  let area = 0;
  let sx = 0;
  let sy = 0;
  let rim = 0;
  let perimeter = 0;
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0, i = y * w + x, m = maskIndex(mask, x, y); x < c.x1; x++, i++, m++) {
      if (seg.labels[i] !== c.label) continue;
      const d = seg.distance[i]!;
      if (d >= 0.25 * contrast && d < 0.75 * contrast) rim++;
      if (data[m] === 0) continue;
      area++;
      sx += x + 0.5;
      sy += y + 0.5;
      if (data[m - 1] === 0 || data[m + 1] === 0 || data[m - stride] === 0 || data[m + stride] === 0)
        perimeter++;
    }
  }
  const cx = sx / area;
  const cy = sy / area;
  const fit = classifyShape(radialProfile(mask, cx, cy), area);

  // Colour and pattern from pixels clear of the rim, whose width (anti-aliasing, blur) is the band of
  // pixels between a quarter and three quarters of the contrast, per pixel of outline.
  const rimWidth = rim / Math.max(1, perimeter);
  const depth = Math.max(1, Math.min(Math.round(1 + 1.5 * rimWidth), Math.floor(fit.radius / 3)));
  let interior = interiorOf(mask, depth, px, raster.data, w);
  if (interior.count < 8) interior = interiorOf(mask, 0, px, raster.data, w);
  const floor = patternFloor(noise, interior.roughness);
  const reading = detectPattern(interior, floor);
  const base = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < interior.count; i++) {
    if (interior.tone[i]! < reading.inkBelow) continue;
    const p = (interior.ys[i]! * w + interior.xs[i]!) * 3;
    for (let k = 0; k < 3; k++) base[k]! += px[p + k]!;
    n++;
  }
  const rgb: Rgb = [base[0]! / n, base[1]! / n, base[2]! / n];
  const decided = isDecisive(reading, {
    floor,
    rimWidth,
    radius: fit.radius,
    baseLength: Math.hypot(rgb[0], rgb[1], rgb[2]),
  });
  const iw = inner.x1 - inner.x0;
  const ih = inner.y1 - inner.y0;
  return {
    shape: fit.shape,
    rgb,
    decided,
    pattern: reading.pattern,
    x: (cx - inner.x0) / iw,
    y: (cy - inner.y0) / ih,
    size: fit.radius / Math.min(iw, ih),
    area: area / (iw * ih),
  };
}

/**
 * Least tone spread that is a pattern: above what noise spreads over a flat object. Two estimates of
 * that noise, the larger wins: the object's own pixel-to-pixel roughness (added noise; a pattern's
 * edges are too few to move its median) and the ground's spread about its plane (JPEG's blocks, flat
 * within each block, are not rough but spread the ground and objects alike; grain spreads the ground
 * only, which costs the faint black patterns, 13 levels, that are unreadable under any damage anyway).
 */
function patternFloor(groundNoise: number, roughness: number): number {
  return Math.max(12, ROUGHNESS_SPREAD * roughness, GROUND_SPREAD * groundNoise);
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
  const picture: Picture = { raster, px, seg, inner: bg.picture, noise: bg.noise };
  const speck = SPECK_SHARE * (bg.inner.x1 - bg.inner.x0) * (bg.inner.y1 - bg.inner.y0);
  const components = seg.components.filter((c) => c.area >= speck);
  const groundLuma = luma(bg.rgb[0], bg.rgb[1], bg.rgb[2]);
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
    objects: measured.map(({ rgb: _rgb, decided, ...m }, i) => {
      const object = { ...m, color: colors.objects[i]! };
      if (!decided) markPatternUndecided(object);
      return object;
    }),
    sign: plate ? readSign(picture, plate) : null,
  };
}
