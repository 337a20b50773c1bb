import { matchesRef, type ObjectRef, type SceneGraph, type SceneObject } from '../core/index.js';

/** Within this share of the side an object has "stayed where it was" (core/check.ts: objects-kept). */
export const KEPT_POSITION = 0.05;
/** Within this relative change an object has "kept its size". */
export const KEPT_SIZE = 0.2;

/** The first object of the scene the reference names. */
export function findByRef(scene: SceneGraph, ref: ObjectRef): SceneObject | undefined {
  return scene.objects.find((o) => matchesRef(o, ref));
}

/**
 * What became of a source object in another scene: the object of the same id (editors keep ids), or
 * else the nearest object within KEPT_POSITION of where it was (what a person would point at).
 */
export function counterpart(scene: SceneGraph, object: SceneObject): SceneObject | undefined {
  const same = scene.objects.find((o) => o.id === object.id);
  if (same) return same;
  let best: SceneObject | undefined;
  let bestDistance = KEPT_POSITION;
  for (const o of scene.objects) {
    const d = Math.hypot(o.x - object.x, o.y - object.y);
    if (d <= bestDistance) [best, bestDistance] = [o, d];
  }
  return best;
}

/** Approximate share of the picture an object covers (its circumcircle, shapes fill about 70% of it). */
export function objectArea(object: Pick<SceneObject, 'size'>): number {
  return 0.7 * Math.PI * object.size * object.size;
}
