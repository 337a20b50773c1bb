import { matchesRef, sampleWithoutReplacement, type SceneGraph, type SceneObject } from '../../core/index.js';
import { findFreeSpot } from '../find-free-spot.js';
import { impliedCount } from './count-principles.js';
import type { EditMaker } from './edit-maker.js';
import { phrase, pluralWords } from './phrasing.js';
import {
  assemblePrinciples,
  backgroundKept,
  keptObjects,
  qualityPrinciples,
  signKept,
} from './principles.js';
import { cloneScene, freshId, refOf } from './scene-ops.js';
import { MAX_OBJECTS } from './subject-add.js';

/** `scene` with `n` copies of `object` (same shape, colour, pattern and size) at free spots, or null. */
export function withCopies(
  scene: SceneGraph,
  object: Pick<SceneObject, 'shape' | 'color' | 'pattern' | 'size'>,
  n: number,
  rng: Parameters<EditMaker>[1],
  idPrefix = 'copy',
): SceneGraph | null {
  if (scene.objects.length + n > MAX_OBJECTS) return null;
  const next = cloneScene(scene);
  for (let i = 0; i < n; i++) {
    const spot = findFreeSpot(next, object.size, rng);
    if (!spot) return null;
    const { shape, color, pattern, size } = object;
    next.objects.push({ id: freshId(idPrefix, next), shape, color, pattern, size, ...spot });
  }
  return next;
}

/** One or two more of an object (same look) at free spots: "add another red circle", "make there be three". */
export const makeCountChange: EditMaker = (scene, rng) => {
  const added = rng.int(1, 2);
  for (const object of sampleWithoutReplacement(scene.objects, scene.objects.length, rng)) {
    const target = withCopies(scene, object, added, rng);
    if (!target) continue;
    const ref = refOf(object);
    const total = (r: { shape?: typeof object.shape; color?: typeof object.color }) =>
      target.objects.filter((o) => matchesRef(o, r)).length;
    const principles = assemblePrinciples(
      [
        impliedCount(scene, ref, total(ref)),
        impliedCount(scene, { color: object.color }, total({ color: object.color })),
        impliedCount(scene, { shape: object.shape }, total({ shape: object.shape })),
      ],
      [...keptObjects([ref], 'the other objects'), backgroundKept(), signKept(scene.sign !== null)],
      qualityPrinciples(),
      rng,
    );
    const singular = `${object.color} ${object.shape}`;
    const params = { singular, plural: pluralWords(object.color, object.shape), added, total: 1 + added };
    return { category: 'count_change', instruction: phrase('count_change', params, rng), target, principles };
  }
  return null;
};
