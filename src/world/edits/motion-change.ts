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

export type Direction = 'left' | 'right' | 'up' | 'down';
export const DIRECTIONS: readonly Direction[] = ['left', 'right', 'up', 'down'];
/** An asked move, as a share of the side: well past the paper's 10% "is a move" line. */
export const MOVE_RANGE = [0.2, 0.35] as const;
/** PAPER.md: under 10% of the image size is not a move. */
export const MIN_MOVE = 0.1;
/** A move counts as done at this share of the distance asked for: half the way is half a move. */
export const SHARE_OF_ASKED_MOVE = 0.7;

/** Where an object lands when shifted `shift` of the side in a direction. */
export function shifted(object: SceneObject, direction: Direction, shift: number): { x: number; y: number } {
  const dx = direction === 'left' ? -shift : direction === 'right' ? shift : 0;
  const dy = direction === 'up' ? -shift : direction === 'down' ? shift : 0;
  return { x: round4(object.x + dx), y: round4(object.y + dy) };
}

/** The object at its shifted place, or null when that place breaks the placement rules. */
export function tryMove(
  scene: SceneGraph,
  object: SceneObject,
  direction: Direction,
  shift: number,
): SceneGraph | null {
  const spot = shifted(object, direction, shift);
  return spotIsFree(scene, spot.x, spot.y, object.size, [object.id])
    ? patchObject(scene, object.id, spot)
    : null;
}

const SHIFT_TRIES = 3;

/** One object moves left, right, up or down by 0.2-0.35 of the side, to a free spot inside the frame. */
export const makeMotionChange: EditMaker = (scene, rng) => {
  for (const object of sampleWithoutReplacement(scene.objects, scene.objects.length, rng)) {
    for (const direction of sampleWithoutReplacement(DIRECTIONS, DIRECTIONS.length, rng)) {
      for (let i = 0; i < SHIFT_TRIES; i++) {
        const target = tryMove(scene, object, direction, between(...MOVE_RANGE, rng));
        if (target) return motionEdit(scene, object, direction, target, rng);
      }
    }
  }
  return null;
};

function motionEdit(
  scene: SceneGraph,
  object: SceneObject,
  direction: Direction,
  target: SceneGraph,
  rng: Parameters<EditMaker>[1],
) {
  const ref = refOf(object);
  const name = theName(object);
  const where = direction === 'left' || direction === 'right' ? `to the ${direction}` : direction;
  const moved = target.objects.find((o) => o.id === object.id)!;
  const asked = Math.abs(moved.x - object.x) + Math.abs(moved.y - object.y);
  // Most of the way the scene moves it, and never under a tenth of the picture (PAPER.md).
  const minShift = Math.max(MIN_MOVE, Math.round(SHARE_OF_ASKED_MOVE * asked * 1000) / 1000);
  const principles = assemblePrinciples(
    [
      follow(
        `Has ${name} moved ${where} by a clear distance, at least ${Math.round(minShift * 100)}% of the picture?`,
        { kind: 'object-moved', target: ref, direction, minShift },
      ),
      impliedCount(scene, ref, 1),
      follow(`Is ${name} still in the picture after the move?`, { kind: 'object-present', target: ref }),
    ],
    [
      ...keptObjects([ref], 'the other objects'),
      // Found anywhere, not in place: the object is supposed to have moved.
      keep(`Does ${name} keep its colour, shape and pattern?`, {
        kind: 'object-present',
        target: { ...ref, pattern: object.pattern },
      }),
      backgroundKept(),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'motion_change' as const,
    instruction: phrase('motion_change', { object: name, direction }, rng),
    target,
    principles,
  };
}
