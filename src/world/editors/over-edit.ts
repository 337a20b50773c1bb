import { BACKGROUND_COLOR_NAMES, OBJECT_COLOR_NAMES, sampleWithoutReplacement } from '../../core/index.js';
import { between, cloneScene, DIRECTIONS, patchObject, pick, tryMove } from '../edits/index.js';
import type { Editor } from './editor.js';
import { named, untouched } from './same-change.js';

/**
 * Does the edit and changes more than asked: the background colour (when the edit keeps it and is
 * not a tone edit), or 1-2 other objects recoloured or moved (only moved for a tone edit, whose
 * questions leave colours to the tone).
 */
export const overEdit: Editor = (input, rng) => {
  const { edit, asked } = input;
  const tone = edit.category === 'tone_transfer';
  let scene = cloneScene(edit.target);
  if (!tone && !asked.backgroundChanged && rng.next() < 0.5) {
    const color = pick(
      BACKGROUND_COLOR_NAMES.filter((c) => c !== scene.background.color),
      rng,
    );
    scene.background.color = color;
    return { scene, artifacts: [], note: `did the edit but also turned the background ${color}` };
  }
  const done: string[] = [];
  const wanted = rng.int(1, 2);
  for (const other of untouched(input, rng)) {
    if (done.length === wanted) break;
    const current = scene.objects.find((o) => o.id === other.id);
    if (!current) continue;
    if (!tone && rng.next() < 0.5) {
      const color = pick(
        OBJECT_COLOR_NAMES.filter((c) => c !== current.color),
        rng,
      );
      scene = patchObject(scene, current.id, { color });
      done.push(`recoloured ${named(current)} ${color}`);
      continue;
    }
    for (const direction of sampleWithoutReplacement(DIRECTIONS, DIRECTIONS.length, rng)) {
      const moved = tryMove(scene, current, direction, between(0.15, 0.25, rng));
      if (moved) {
        scene = moved;
        done.push(`moved ${named(current)} ${direction}`);
        break;
      }
    }
  }
  if (done.length === 0) return null;
  return { scene, artifacts: [], note: `did the edit but also ${done.join(' and ')}` };
};
