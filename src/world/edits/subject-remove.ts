import { matchesRef } from '../../core/index.js';
import { impliedCount } from './count-principles.js';
import type { EditMaker } from './edit-maker.js';
import { phrase } from './phrasing.js';
import {
  assemblePrinciples,
  backgroundKept,
  follow,
  keptObjects,
  qualityPrinciples,
  signKept,
} from './principles.js';
import { pick } from '../random-pick.js';
import { cloneScene, refOf, theName } from './scene-ops.js';

/** One object goes; a scene keeps at least one object, so a lone object cannot be removed. */
export const makeSubjectRemove: EditMaker = (scene, rng) => {
  if (scene.objects.length < 2) return null;
  const object = pick(scene.objects, rng);
  const target = cloneScene(scene);
  target.objects = target.objects.filter((o) => o.id !== object.id);
  const ref = refOf(object);
  const name = theName(object);
  const left = (r: { shape?: typeof object.shape; color?: typeof object.color }) =>
    target.objects.filter((o) => matchesRef(o, r)).length;
  const principles = assemblePrinciples(
    [
      follow(`Is ${name} completely gone, with no leftover part of it?`, {
        kind: 'object-absent',
        target: ref,
      }),
      impliedCount(scene, { color: object.color }, left({ color: object.color })),
      impliedCount(scene, { shape: object.shape }, left({ shape: object.shape })),
    ],
    [...keptObjects([ref], 'the remaining objects'), backgroundKept(), signKept(scene.sign !== null)],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'subject-remove',
    instruction: phrase('subject-remove', { object: name }, rng),
    target,
    principles,
  };
};
