import { sampleWithoutReplacement, type SceneGraph, type SceneObject } from '../../core/index.js';
import { round4, spotIsFree } from '../find-free-spot.js';
import { impliedCount } from './count-principles.js';
import type { EditMaker } from './edit-maker.js';
import { phrase } from './phrasing.js';
import {
  assemblePrinciples,
  backgroundKept,
  follow,
  keep,
  keptObjects,
  qualityPrinciples,
  signKept,
} from './principles.js';
import { between } from '../random-pick.js';
import { patchObject, refOf, theName } from './scene-ops.js';

export const LARGER_RANGE = [1.5, 1.8] as const;
export const SMALLER_RANGE = [0.5, 0.65] as const;
/** A resize must reach this factor to count (either way): under it a person sees "about the same". */
export const MIN_RESIZE = 1.25;
/** A resize counts as done at this power of the asked scale factor (log scale: 0.7 of the way). */
export const SHARE_OF_ASKED_RESIZE = 0.7;
/** The smallest object we make: about 2.5 px of radius at 64 px, still a visible blob. */
export const MIN_OBJECT_SIZE = 0.04;

/** The object scaled by `factor` about its centre, or null when that breaks the placement rules. */
export function tryResize(scene: SceneGraph, object: SceneObject, factor: number): SceneGraph | null {
  const size = round4(object.size * factor);
  if (size < MIN_OBJECT_SIZE || size > 0.5) return null;
  return spotIsFree(scene, object.x, object.y, size, [object.id])
    ? patchObject(scene, object.id, { size })
    : null;
}

/** One object grows by x1.5-1.8 or shrinks to x0.5-0.65 about its centre, staying clear of the rest. */
export const makeSizeChange: EditMaker = (scene, rng) => {
  const firstLarger = rng.next() < 0.5;
  for (const object of sampleWithoutReplacement(scene.objects, scene.objects.length, rng)) {
    for (const larger of [firstLarger, !firstLarger]) {
      const [lo, hi] = larger ? LARGER_RANGE : SMALLER_RANGE;
      const factor = between(lo, hi, rng);
      const target = tryResize(scene, object, factor);
      if (target) return sizeEdit(scene, object, larger, target, rng);
    }
  }
  return null;
};

function sizeEdit(
  scene: SceneGraph,
  object: SceneObject,
  larger: boolean,
  target: SceneGraph,
  rng: Parameters<EditMaker>[1],
) {
  const ref = refOf(object);
  const name = theName(object);
  const after = target.objects.find((o) => o.id === object.id)!;
  const asked = larger ? after.size / object.size : object.size / after.size;
  // Most of the way in scale (asked^0.7), never under MIN_RESIZE: a half-way resize is half done.
  const minRatio = Math.max(MIN_RESIZE, Math.round(asked ** SHARE_OF_ASKED_RESIZE * 1000) / 1000);
  const principles = assemblePrinciples(
    [
      follow(`Is ${name} clearly ${larger ? 'larger' : 'smaller'} than before?`, {
        kind: 'object-resized',
        target: ref,
        direction: larger ? 'larger' : 'smaller',
        minRatio,
      }),
      impliedCount(scene, ref, 1),
      follow(`Is the resized object still a ${object.shape}?`, {
        kind: 'object-becomes',
        target: ref,
        becomes: { shape: object.shape },
      }),
    ],
    [
      ...keptObjects([ref], 'the other objects'),
      keep(`Does ${name} keep its colour and pattern?`, {
        kind: 'object-becomes',
        target: ref,
        becomes: { color: object.color, pattern: object.pattern },
      }),
      backgroundKept(),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'size_change' as const,
    instruction: phrase('size_change', { object: name, larger }, rng),
    target,
    principles,
  };
}
