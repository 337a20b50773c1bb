import {
  OBJECT_COLORS,
  shapeOutline,
  type PatternName,
  type SceneGraph,
  type SceneObject,
  type Sign,
} from '../core/index.js';
import { GLYPH_GAP, GLYPH_WIDTH, glyph } from '../images/index.js';
import { SIGN_ROWS, signPlateBox } from './sign-plate-box.js';

/** Pattern ink is the object's colour at this share of each channel. */
export const PATTERN_SHADE = 0.55;
export const SIGN_PLATE = '#FAFAFA';
export const SIGN_BORDER = '#202020';
export const SIGN_INK = '#1E1E1E';
/** Border width as a share of the plate's height. */
export const SIGN_BORDER_SHARE = 0.06;

type Rgb = readonly [number, number, number];

/** Three decimals: well under a pixel's 1/255 of coverage, and a short SVG. */
const n = (v: number): string => String(Math.round(v * 1000) / 1000);
const hex = (rgb: Rgb): string => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
/** One closed axis-aligned rectangle as a subpath. */
const rect = (x: number, y: number, w: number, h: number): string =>
  `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`;

export function patternInk(rgb: Rgb): Rgb {
  return rgb.map((c) => Math.round(c * PATTERN_SHADE)) as unknown as Rgb;
}

/**
 * The pattern's ink as one path (subpaths of one path are filled as their union, so touching pieces
 * show no anti-aliasing seam), anchored at the centre (cx, cy), covering the object's box of
 * half-side r. Stripe k is inked for y in [cy + k*p, cy + (k + 1/2)*p); dot (i, j) is centred at
 * (cx + i*g, cy + j*g); square (i, j) covers [cx + i*c, cx + (i+1)*c) x [cy + j*c, ...) and is inked
 * when i + j is even.
 */
function patternPath(pattern: Exclude<PatternName, 'solid'>, cx: number, cy: number, r: number): string {
  const parts: string[] = [];
  const span = (period: number): [number, number] => [Math.floor(-r / period) - 1, Math.ceil(r / period)];
  if (pattern === 'striped') {
    const p = 0.5 * r;
    const [k0, k1] = span(p);
    for (let k = k0; k <= k1; k++) parts.push(rect(cx - r, cy + k * p, 2 * r, p / 2));
  } else if (pattern === 'dotted') {
    const g = 0.45 * r;
    const d = 0.12 * r;
    const [k0, k1] = span(g);
    for (let j = k0; j <= k1; j++) {
      for (let i = k0; i <= k1; i++) {
        const x = cx + i * g;
        const y = cy + j * g;
        parts.push(
          `M${n(x - d)} ${n(y)}a${n(d)} ${n(d)} 0 1 0 ${n(2 * d)} 0a${n(d)} ${n(d)} 0 1 0 ${n(-2 * d)} 0Z`,
        );
      }
    }
  } else {
    const c = 0.35 * r;
    const [k0, k1] = span(c);
    for (let j = k0; j <= k1; j++) {
      for (let i = k0; i <= k1; i++) {
        if ((i + j) % 2 === 0) parts.push(rect(cx + i * c, cy + j * c, c, c));
      }
    }
  }
  return parts.join('');
}

function objectSvg(object: SceneObject, side: number, index: number): string {
  const r = object.size * side;
  const cx = object.x * side;
  const cy = object.y * side;
  const outline =
    shapeOutline(object.shape)
      .map(([u, v], i) => `${i === 0 ? 'M' : 'L'}${n(cx + u * r)} ${n(cy + v * r)}`)
      .join('') + 'Z';
  const rgb = OBJECT_COLORS[object.color];
  const base = `<path d="${outline}" fill="${hex(rgb)}"/>`;
  if (object.pattern === 'solid') return base;
  const clip = `clip${index}`;
  return (
    base +
    `<clipPath id="${clip}"><path d="${outline}"/></clipPath>` +
    `<path d="${patternPath(object.pattern, cx, cy, r)}" fill="${hex(patternInk(rgb))}" clip-path="url(#${clip})"/>`
  );
}

/**
 * The plate's box filled with the border colour, the plate colour inset by the border width, then
 * every inked glyph cell as a square of one path. The text starts one border cell plus GLYPH_GAP
 * cells in from the plate's top-left corner.
 */
function signSvg(sign: Sign, side: number): string {
  const box = signPlateBox(sign, side);
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const border = SIGN_BORDER_SHARE * h;
  const cell = h / SIGN_ROWS;
  const cells: string[] = [];
  for (const [i, char] of [...sign.text].entries()) {
    const left = box.x0 + cell * (1 + GLYPH_GAP + i * (GLYPH_WIDTH + GLYPH_GAP));
    const top = box.y0 + cell * (1 + GLYPH_GAP);
    for (const [row, cols] of (glyph(char) ?? []).entries()) {
      for (const [col, inked] of cols.entries()) {
        if (inked) cells.push(rect(left + col * cell, top + row * cell, cell, cell));
      }
    }
  }
  return (
    `<path d="${rect(box.x0, box.y0, w, h)}" fill="${SIGN_BORDER}"/>` +
    `<path d="${rect(box.x0 + border, box.y0 + border, w - 2 * border, h - 2 * border)}" fill="${SIGN_PLATE}"/>` +
    (cells.length > 0 ? `<path d="${cells.join('')}" fill="${SIGN_INK}"/>` : '')
  );
}

/** The scene's objects (in order) and sign (last, on top) on a transparent side x side canvas. */
export function paintSvg(scene: SceneGraph, side: number): string {
  const body =
    scene.objects.map((o, i) => objectSvg(o, side, i)).join('') +
    (scene.sign ? signSvg(scene.sign, side) : '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">${body}</svg>`;
}
