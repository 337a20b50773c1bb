import { luma } from '../../../images/index.js';
import {
  BACKGROUND_COLOR_NAMES,
  BACKGROUND_COLORS,
  OBJECT_COLOR_NAMES,
  OBJECT_COLORS,
  type BackgroundColorName,
  type ObjectColorName,
} from '../../../core/index.js';
import { labDistance, toLab, type Rgb } from './lab.js';

/** Chroma factors tried: none, a desaturation, and the range an oversaturated (or saturation-toned) picture shows. */
const CHROMA_FACTORS = [0.5, 0.75, 1, 1.5, 2, 2.5, 3];
/** Cost per unit of chroma factor away from 1: a plain reading wins unless another one explains the colours. */
const CHROMA_COST = 4;
/** Weight of the ground's own distance from a named ground: the shift it implies is a cast, which is rare. */
const SHIFT_COST = 0.5;

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** What the renderer's tone and artefacts do to a colour: chroma scaled about the luma, then a shift. */
function predict(rgb: Rgb, factor: number, shift: Rgb): Rgb {
  const l = luma(rgb[0], rgb[1], rgb[2]);
  return [0, 1, 2].map((k) => clamp8(l + (rgb[k]! - l) * factor + shift[k]!)) as unknown as Rgb;
}

export interface SceneColors {
  background: BackgroundColorName;
  objects: ObjectColorName[];
  /** The chroma factor and shift that best explain the picture (1 and 0 for an untouched render). */
  factor: number;
  shift: Rgb;
}

/**
 * Names the ground and every object's base colour together. A cast, warmth, brightening or chroma
 * boost moves all colours alike, and the ground alone cannot tell "a cast on sky" from "lavender":
 * each (ground, chroma factor) reading implies a shift (observed ground minus predicted), and the
 * reading whose shift makes the objects' colours land nearest named colours wins, with a cost on
 * large shifts and strong factors so an untouched picture reads plainly.
 */
export function nameSceneColors(ground: Rgb, objects: readonly Rgb[]): SceneColors {
  const observed = objects.map(toLab);
  const groundLab = toLab(ground);
  let best: (SceneColors & { cost: number }) | null = null;
  for (const factor of CHROMA_FACTORS) {
    for (const background of BACKGROUND_COLOR_NAMES) {
      const plain = predict(BACKGROUND_COLORS[background], factor, [0, 0, 0]);
      const shift: Rgb = [ground[0] - plain[0], ground[1] - plain[1], ground[2] - plain[2]];
      let cost = SHIFT_COST * labDistance(groundLab, toLab(plain)) + CHROMA_COST * Math.abs(factor - 1);
      const names: ObjectColorName[] = [];
      for (const lab of observed) {
        let name: ObjectColorName = 'gray';
        let nearest = Infinity;
        for (const color of OBJECT_COLOR_NAMES) {
          const d = labDistance(lab, toLab(predict(OBJECT_COLORS[color], factor, shift)));
          if (d < nearest) [name, nearest] = [color, d];
        }
        names.push(name);
        cost += nearest;
      }
      if (best === null || cost < best.cost) best = { background, objects: names, factor, shift, cost };
    }
  }
  const { cost: _cost, ...colors } = best!;
  return colors;
}
