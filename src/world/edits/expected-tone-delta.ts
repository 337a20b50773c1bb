import {
  BACKGROUND_COLORS,
  OBJECT_COLORS,
  outlineArea,
  shapeOutline,
  type SceneGraph,
  type Tone,
} from '../../core/index.js';
import { toneStats } from '../../images/index.js';
import { applyTone } from '../apply-tone.js';
import { PATTERN_SHADE } from '../paint-svg.js';

type Attribute = keyof Tone;

/** Cells of the stand-in raster: enough that an object covering 1% of the picture gets 10 of them. */
const CELLS = 1000;
/** Share of a patterned object the pattern inks (stripes half, dots and checks less): one round figure. */
const INK_SHARE = 0.35;
const SIGN_PLATE: readonly [number, number, number] = [250, 250, 250];

/**
 * The scene's colours in proportion to the area they cover (ground, objects, their pattern ink, the
 * sign's plate), as a small raster whose tone statistics approximate the rendered picture's.
 */
function colourSample(scene: SceneGraph): Uint8Array {
  const parts: Array<{ rgb: readonly number[]; share: number }> = [];
  let covered = 0;
  for (const o of scene.objects) {
    const share = outlineArea(shapeOutline(o.shape)) * o.size * o.size;
    const rgb = OBJECT_COLORS[o.color];
    const ink = o.pattern === 'solid' ? 0 : INK_SHARE;
    parts.push({ rgb, share: share * (1 - ink) });
    if (ink > 0) parts.push({ rgb: rgb.map((c) => Math.round(c * PATTERN_SHADE)), share: share * ink });
    covered += share;
  }
  if (scene.sign) {
    const share = scene.sign.height * scene.sign.height * (scene.sign.text.length * 0.55 + 0.3);
    parts.push({ rgb: SIGN_PLATE, share });
    covered += share;
  }
  parts.push({ rgb: BACKGROUND_COLORS[scene.background.color], share: Math.max(0, 1 - covered) });
  const data = new Uint8Array(CELLS * 3);
  let cell = 0;
  for (const { rgb, share } of parts) {
    const cells = Math.round(share * CELLS);
    for (let i = 0; i < cells && cell < CELLS; i++, cell++) data.set(rgb, cell * 3);
  }
  // Rounding leaves a few cells: they are ground, the largest part.
  for (; cell < CELLS; cell++) data.set(BACKGROUND_COLORS[scene.background.color], cell * 3);
  return data;
}

/**
 * How far the measured tone statistic (images/ toneStats, the unit a `tone` check's minDelta is in)
 * moves when `source`'s tone becomes `target`'s, clipping included: brightening a light ground clips
 * at white, so the pixels move far less than the tone's nominal size. Signed, target minus source.
 */
export function expectedToneDelta(source: SceneGraph, target: SceneGraph, attribute: Attribute): number {
  const sample = colourSample(source);
  const stat = (tone: Tone): number => {
    const data = sample.slice();
    applyTone(data, tone);
    return toneStats({ width: CELLS, height: 1, data })[attribute];
  };
  return stat(target.tone) - stat(source.tone);
}
