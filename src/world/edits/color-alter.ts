import { OBJECT_COLOR_NAMES, describeRef } from '../../core/index.js';
import type { EditMaker } from './edit-maker.js';
import { phrase, PATTERN_WORDS } from './phrasing.js';
import {
  assemblePrinciples,
  backgroundKept,
  follow,
  keep,
  keptObjects,
  qualityPrinciples,
  signKept,
} from './principles.js';
import { pick } from '../random-pick.js';
import { aName, comboTaken, patchObject, refOf, theName } from './scene-ops.js';

/** One object takes another colour; the new shape+colour pair is not already in the scene. */
export const makeColorAlter: EditMaker = (scene, rng) => {
  if (scene.objects.length === 0) return null;
  const object = pick(scene.objects, rng);
  const colors = OBJECT_COLOR_NAMES.filter((c) => c !== object.color && !comboTaken(scene, object.shape, c));
  if (colors.length === 0) return null;
  const color = pick(colors, rng);
  const from = refOf(object);
  const to = refOf({ shape: object.shape, color });
  const name = theName(object);
  const principles = assemblePrinciples(
    [
      follow(`Is ${name} now ${color}?`, { kind: 'object-becomes', target: from, becomes: { color } }),
      follow(`Is the recoloured object still a ${object.shape}?`, {
        kind: 'object-becomes',
        target: from,
        becomes: { shape: object.shape },
      }),
      follow(`Is there ${aName(to)} in the picture?`, { kind: 'object-present', target: to }),
      follow(`Is there no ${describeRef(from)} left in the picture?`, {
        kind: 'object-absent',
        target: from,
      }),
    ],
    [
      ...keptObjects([from, to], 'the other objects'),
      keep(`Does the ${object.shape} keep its ${PATTERN_WORDS[object.pattern].adjective} pattern?`, {
        kind: 'object-becomes',
        target: from,
        becomes: { pattern: object.pattern },
      }),
      backgroundKept(),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'color_alter',
    instruction: phrase('color_alter', { object: name, color }, rng),
    target: patchObject(scene, object.id, { color }),
    principles,
  };
};
