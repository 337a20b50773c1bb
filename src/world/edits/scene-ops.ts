import {
  describeRef,
  type ObjectColorName,
  type SceneGraph,
  type SceneObject,
  type ShapeName,
} from '../../core/index.js';

/** A deep copy: edits and editors never share structure with the scene they start from. */
export function cloneScene(scene: SceneGraph): SceneGraph {
  return structuredClone(scene);
}

/** The scene with the object of this id replaced by `patch` applied to it. */
export function patchObject(scene: SceneGraph, id: string, patch: Partial<SceneObject>): SceneGraph {
  const next = cloneScene(scene);
  next.objects = next.objects.map((o) => (o.id === id ? { ...o, ...patch, id } : o));
  return next;
}

/** The reference instructions and questions name an object by: its shape and colour (unique in a generated scene). */
export function refOf(object: Pick<SceneObject, 'shape' | 'color'>): Pick<SceneObject, 'shape' | 'color'> {
  return { shape: object.shape, color: object.color };
}

/** "the red circle". */
export function theName(object: Pick<SceneObject, 'shape' | 'color'>): string {
  return `the ${describeRef(refOf(object))}`;
}

/** "a red circle", "an orange star". */
export function aName(object: Pick<SceneObject, 'shape' | 'color'>): string {
  const words = describeRef(refOf(object));
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** Whether some object already has this shape and colour (the generator keeps the pair unique). */
export function comboTaken(
  scene: Pick<SceneGraph, 'objects'>,
  shape: ShapeName,
  color: ObjectColorName,
): boolean {
  return scene.objects.some((o) => o.shape === shape && o.color === color);
}

/** An id no object of any of these scenes has: `${prefix}1`, `${prefix}2`, ... */
export function freshId(prefix: string, ...scenes: SceneGraph[]): string {
  const taken = new Set(scenes.flatMap((s) => s.objects.map((o) => o.id)));
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}
