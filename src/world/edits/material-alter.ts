import { PATTERNS } from '../../core/index.js';
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
import { patchObject, refOf, theName } from './scene-ops.js';

/** One object's surface pattern (its "material") becomes another pattern. */
export const makeMaterialAlter: EditMaker = (scene, rng) => {
  if (scene.objects.length === 0) return null;
  const object = pick(scene.objects, rng);
  const pattern = pick(
    PATTERNS.filter((p) => p !== object.pattern),
    rng,
  );
  const ref = refOf(object);
  const name = theName(object);
  const colorWords = `${object.color} ${object.shape}`;
  const now = PATTERN_WORDS[pattern].adjective;
  const before = PATTERN_WORDS[object.pattern].adjective;
  const principles = assemblePrinciples(
    [
      follow(`Is ${name} now ${now}?`, { kind: 'object-becomes', target: ref, becomes: { pattern } }),
      follow(`Is there a ${now} ${colorWords} in the picture?`, {
        kind: 'object-present',
        target: { ...ref, pattern },
      }),
      follow(`Is there no ${before} ${colorWords} left?`, {
        kind: 'object-absent',
        target: { ...ref, pattern: object.pattern },
      }),
    ],
    [
      ...keptObjects([ref], 'the other objects'),
      keep(`Does the ${object.shape} keep its ${object.color} colour and its ${object.shape} shape?`, {
        kind: 'object-becomes',
        target: ref,
        becomes: { color: object.color, shape: object.shape },
      }),
      backgroundKept(),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'material_alter',
    instruction: phrase('material_alter', { object: name, pattern }, rng),
    target: patchObject(scene, object.id, { pattern }),
    principles,
  };
};
