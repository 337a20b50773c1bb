import { sampleWithoutReplacement, type Rng, type SceneGraph, type SceneObject } from '../../core/index.js';
import { spotIsFree } from '../find-free-spot.js';
import { patchObject, tryResize } from '../edits/index.js';
import type { EditorInput } from './editor.js';

/** The change `before -> after` made to one object, made to `other` in `scene` instead; null when it does not fit. */
export function sameChange(
  scene: SceneGraph,
  other: SceneObject,
  before: SceneObject,
  after: SceneObject,
): SceneGraph | null {
  if (after.x !== before.x || after.y !== before.y) {
    const x = Math.round((other.x + after.x - before.x) * 1e4) / 1e4;
    const y = Math.round((other.y + after.y - before.y) * 1e4) / 1e4;
    return spotIsFree(scene, x, y, other.size, [other.id]) ? patchObject(scene, other.id, { x, y }) : null;
  }
  if (after.size !== before.size) return tryResize(scene, other, after.size / before.size);
  const patch: Partial<SceneObject> = {};
  if (after.shape !== before.shape) patch.shape = after.shape;
  if (after.color !== before.color) patch.color = after.color;
  if (after.pattern !== before.pattern) patch.pattern = after.pattern;
  if (Object.keys(patch).length === 0) return null;
  if (Object.entries(patch).every(([k, v]) => other[k as keyof SceneObject] === v)) return null;
  return patchObject(scene, other.id, patch);
}

/** Source objects the instruction does not touch or name (a count change names the one it copies), in a random order. */
export function untouched(input: EditorInput, rng: Rng): SceneObject[] {
  const touched = new Set([
    ...input.asked.changed.map((c) => c.before.id),
    ...input.asked.removed.map((o) => o.id),
  ]);
  const copied = (o: SceneObject) =>
    input.asked.added.some((a) => a.shape === o.shape && a.color === o.color);
  const rest = input.source.objects.filter((o) => !touched.has(o.id) && !copied(o));
  return sampleWithoutReplacement(rest, rest.length, rng);
}

/** "the red circle". */
export function named(object: Pick<SceneObject, 'shape' | 'color'>): string {
  return `the ${object.color} ${object.shape}`;
}
