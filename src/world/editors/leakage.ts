import type { Rng, SceneGraph, SceneObject } from '../../core/index.js';
import { cloneScene, patchObject, withCopies } from '../edits/index.js';
import type { Editor, EditorInput, EditorOutput } from './editor.js';
import { BACKGROUND_AS_OBJECT_COLOR } from './neighbours.js';
import { named, sameChange, untouched } from './same-change.js';

/** The edit done, with the same change spilled onto `other`; null when it does not fit. */
function spill({ edit, asked }: EditorInput, other: SceneObject, rng: Rng): EditorOutput | null {
  const target = edit.target;
  const done = (scene: SceneGraph | null, what: string): EditorOutput | null =>
    scene && { scene, artifacts: [], note: `did the edit, and ${what} ${named(other)} too` };
  const change = asked.changed[0];
  if (change)
    return done(sameChange(target, other, change.before, change.after), 'applied the same change to');
  if (asked.removed[0]) {
    const scene = cloneScene(target);
    scene.objects = scene.objects.filter((o) => o.id !== other.id);
    return done(scene, 'removed');
  }
  if (edit.category === 'count_change') return done(withCopies(target, other, 1, rng, 'leak'), 'copied');
  const added = asked.added[0];
  if (added) {
    if (other.color === added.color) return null;
    return done(
      patchObject(target, other.id, { color: added.color }),
      `gave the new object's ${added.color} to`,
    );
  }
  if (asked.backgroundChanged) {
    const color = BACKGROUND_AS_OBJECT_COLOR[target.background.color];
    if (color === other.color) return null;
    return done(patchObject(target, other.id, { color }), `spilled the new background's hue (${color}) onto`);
  }
  return null;
}

/**
 * Does the edit, and the same change spills onto one more object: another object recoloured,
 * re-patterned, replaced, moved, resized or removed too; for an addition, another object takes the
 * new object's colour; for a count change, another object is copied too; for a background change, an
 * object takes the new background's hue. Tone and text edits have no second object to spill onto
 * (null: the caller falls back).
 */
export const leakage: Editor = (input, rng) => {
  for (const other of untouched(input, rng)) {
    const result = spill(input, other, rng);
    if (result) return result;
  }
  return null;
};
