import type { SceneGraph, SceneObject, Tone } from '../../core/index.js';

/** What changed between two scenes, object by object (matched by id). */
export interface SceneDiff {
  /** Objects in both whose shape, colour, pattern, place or size differ. */
  changed: Array<{ before: SceneObject; after: SceneObject }>;
  removed: SceneObject[];
  added: SceneObject[];
  backgroundChanged: boolean;
  signChanged: boolean;
  /** after - before, per tone attribute. */
  tone: Tone;
}

export function sameObject(a: SceneObject, b: SceneObject): boolean {
  return (
    a.shape === b.shape &&
    a.color === b.color &&
    a.pattern === b.pattern &&
    a.x === b.x &&
    a.y === b.y &&
    a.size === b.size
  );
}

export function diffScenes(before: SceneGraph, after: SceneGraph): SceneDiff {
  const afterById = new Map(after.objects.map((o) => [o.id, o]));
  const beforeIds = new Set(before.objects.map((o) => o.id));
  const changed: SceneDiff['changed'] = [];
  const removed: SceneObject[] = [];
  for (const o of before.objects) {
    const a = afterById.get(o.id);
    if (!a) removed.push(o);
    else if (!sameObject(o, a)) changed.push({ before: o, after: a });
  }
  return {
    changed,
    removed,
    added: after.objects.filter((o) => !beforeIds.has(o.id)),
    backgroundChanged:
      before.background.color !== after.background.color ||
      before.background.texture !== after.background.texture,
    signChanged: JSON.stringify(before.sign) !== JSON.stringify(after.sign),
    tone: {
      brightness: after.tone.brightness - before.tone.brightness,
      warmth: after.tone.warmth - before.tone.warmth,
      saturation: after.tone.saturation - before.tone.saturation,
    },
  };
}

/** Whether two scenes are the same picture: every object, the background, the sign and the tone. */
export function sameScene(a: SceneGraph, b: SceneGraph): boolean {
  const d = diffScenes(a, b);
  return (
    d.changed.length === 0 &&
    d.removed.length === 0 &&
    d.added.length === 0 &&
    !d.backgroundChanged &&
    !d.signChanged &&
    Object.values(d.tone).every((v) => v === 0)
  );
}
