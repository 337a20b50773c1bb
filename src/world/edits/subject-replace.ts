import { describeRef } from '../../core/index.js';
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
import { aName, patchObject, refOf, theName } from './scene-ops.js';
import { freeCombos } from './subject-add.js';

/** One object becomes an object of another shape and another colour, solid, at the same place and size. */
export const makeSubjectReplace: EditMaker = (scene, rng) => {
  if (scene.objects.length === 0) return null;
  const object = pick(scene.objects, rng);
  const combos = freeCombos(scene).filter(([s, c]) => s !== object.shape && c !== object.color);
  if (combos.length === 0) return null;
  const [shape, color] = pick(combos, rng);
  const from = refOf(object);
  const to = refOf({ shape, color });
  const name = theName(object);
  const replacement = aName({ shape, color });
  const principles = assemblePrinciples(
    [
      follow(`Is there now ${replacement} where ${name} was?`, {
        kind: 'object-becomes',
        target: from,
        becomes: to,
      }),
      follow(`Is ${name} gone from the picture?`, { kind: 'object-absent', target: from }),
      follow(`Is there ${replacement} in the picture?`, { kind: 'object-present', target: to }),
      follow(`Is there exactly one ${describeRef(to)}?`, { kind: 'object-count', target: to, count: 1 }),
    ],
    [...keptObjects([from, to], 'the other objects'), backgroundKept(), signKept(scene.sign !== null)],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'subject-replace',
    instruction: phrase('subject-replace', { object: name, replacement }, rng),
    target: patchObject(scene, object.id, { shape, color, pattern: 'solid' }),
    principles,
  };
};
