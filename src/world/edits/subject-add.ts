import {
  OBJECT_COLOR_NAMES,
  SHAPES,
  matchesRef,
  type ObjectColorName,
  type SceneGraph,
  type SceneObject,
  type ShapeName,
} from '../../core/index.js';
import { findFreeSpot } from '../find-free-spot.js';
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
import { between, pick } from '../random-pick.js';
import { aName, cloneScene, comboTaken, freshId, refOf } from './scene-ops.js';

/** The schema's limit on objects per scene. */
export const MAX_OBJECTS = 8;
/** New objects are drawn in the middle of the generator's size range: clearly visible, easy to place. */
export const NEW_OBJECT_SIZE = [0.08, 0.13] as const;

/** Where a spot is, in words, when it is clearly in one region; '' in the ambiguous bands. */
export function regionWords(x: number, y: number): string {
  const h = x < 0.35 ? 'left' : x > 0.65 ? 'right' : 'centre';
  const v = y < 0.35 ? 'top' : y > 0.65 ? 'bottom' : 'middle';
  if (h === 'centre' && v === 'middle') return 'in the middle';
  if (h === 'centre') return `at the ${v}`;
  if (v === 'middle') return `on the ${h}`;
  return `in the ${v} ${h}`;
}

/** Shape and colour pairs no object of the scene has yet. */
export function freeCombos(scene: Pick<SceneGraph, 'objects'>): Array<[ShapeName, ObjectColorName]> {
  return SHAPES.flatMap((s) => OBJECT_COLOR_NAMES.map((c): [ShapeName, ObjectColorName] => [s, c])).filter(
    ([s, c]) => !comboTaken(scene, s, c),
  );
}

/** A new solid object of an unused shape and colour at a free spot; the instruction may say where. */
export const makeSubjectAdd: EditMaker = (scene, rng) => {
  if (scene.objects.length >= MAX_OBJECTS) return null;
  const [shape, color] = pick(freeCombos(scene), rng);
  const size = between(...NEW_OBJECT_SIZE, rng);
  const spot = findFreeSpot(scene, size, rng);
  if (!spot) return null;
  const added: SceneObject = { id: freshId('add', scene), shape, color, pattern: 'solid', ...spot, size };
  const target = cloneScene(scene);
  target.objects.push(added);
  const ref = refOf(added);
  const where = rng.next() < 0.5 ? regionWords(spot.x, spot.y) : '';
  const count = (r: { shape?: ShapeName; color?: ObjectColorName }) =>
    target.objects.filter((o) => matchesRef(o, r)).length;
  const principles = assemblePrinciples(
    [
      follow(`Is there ${aName(added)} in the picture now?`, { kind: 'object-present', target: ref }),
      impliedCount(scene, ref, 1),
      impliedCount(scene, { color }, count({ color })),
      impliedCount(scene, { shape }, count({ shape })),
    ],
    [
      ...keptObjects([ref], 'the objects already in the picture'),
      backgroundKept(),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'subject-add',
    instruction: phrase('subject-add', { object: aName(added), where }, rng),
    target,
    principles,
  };
};
