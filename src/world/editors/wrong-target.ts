import {
  between,
  cloneScene,
  freeCombos,
  patchObject,
  pick,
  TONE_RANGES,
  withCopies,
} from '../edits/index.js';
import type { Editor, EditorOutput } from './editor.js';
import { BACKGROUND_AS_OBJECT_COLOR } from './neighbours.js';
import { named, sameChange, untouched } from './same-change.js';

/**
 * Applies the change to the wrong thing: another object recoloured, moved, resized, re-patterned,
 * replaced, removed or copied instead of the named one; an addition of another shape and colour; an
 * object recoloured instead of the background; another tone attribute changed instead of the asked
 * one. A sign has no other text to change (null: the caller falls back).
 */
export const wrongTarget: Editor = (input, rng) => {
  const { source, edit, asked } = input;
  const out = (scene: typeof source | null, note: string): EditorOutput | null =>
    scene && { scene, artifacts: [], note };
  if (edit.category === 'tone_transfer') {
    const askedKey = (Object.keys(asked.tone) as Array<keyof typeof asked.tone>).find(
      (k) => asked.tone[k] !== 0,
    )!;
    const keys = (Object.keys(TONE_RANGES) as Array<keyof typeof TONE_RANGES>).filter(
      (k) => !k.startsWith(askedKey),
    );
    const key = pick(keys, rng);
    const [attribute, direction] = key.split('-') as [keyof typeof asked.tone, string];
    const scene = cloneScene(source);
    const amount = between(...TONE_RANGES[key], rng);
    scene.tone[attribute] = Math.max(
      -1,
      Math.min(1, scene.tone[attribute] + (direction === 'increase' ? amount : -amount)),
    );
    return out(scene, `changed the ${attribute} instead of the ${askedKey}`);
  }
  if (edit.category === 'subject-add') {
    const added = asked.added[0]!;
    const combos = freeCombos(source).filter(([s, c]) => s !== added.shape && c !== added.color);
    const [shape, color] = pick(combos, rng);
    return out(
      patchObject(edit.target, added.id, { shape, color }),
      `added a ${color} ${shape} instead of a ${added.color} ${added.shape}`,
    );
  }
  for (const other of untouched(input, rng)) {
    const change = asked.changed[0];
    if (change) {
      const scene = sameChange(source, other, change.before, change.after);
      if (scene) return out(scene, `changed ${named(other)} instead of ${named(change.before)}`);
      continue;
    }
    if (asked.removed[0]) {
      const scene = cloneScene(source);
      scene.objects = scene.objects.filter((o) => o.id !== other.id);
      return out(scene, `removed ${named(other)} instead of ${named(asked.removed[0])}`);
    }
    if (edit.category === 'count_change') {
      const scene = withCopies(source, other, asked.added.length, rng, 'wrong');
      if (scene) return out(scene, `copied ${named(other)} instead of ${named(asked.added[0]!)}`);
      continue;
    }
    if (asked.backgroundChanged) {
      const color = BACKGROUND_AS_OBJECT_COLOR[edit.target.background.color];
      if (color !== other.color)
        return out(
          patchObject(source, other.id, { color }),
          `recoloured ${named(other)} ${color} instead of the background`,
        );
    }
  }
  return null;
};
