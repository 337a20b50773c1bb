import { PATTERNS } from '../../core/index.js';
import { findFreeSpot } from '../find-free-spot.js';
import {
  between,
  cloneScene,
  freeCombos,
  freshId,
  MAX_OBJECTS,
  NEW_OBJECT_SIZE,
  pick,
} from '../edits/index.js';
import type { Editor } from './editor.js';

/** Does the edit and adds an object nobody asked for, of a shape and colour not in the picture. */
export const hallucination: Editor = ({ source, edit }, rng) => {
  const scene = cloneScene(edit.target);
  if (scene.objects.length >= MAX_OBJECTS) return null;
  const [shape, color] = pick(freeCombos(scene), rng);
  const size = between(...NEW_OBJECT_SIZE, rng);
  const spot = findFreeSpot(scene, size, rng);
  if (!spot) return null;
  const pattern = pick(PATTERNS, rng);
  scene.objects.push({ id: freshId('extra', scene, source), shape, color, pattern, size, ...spot });
  return { scene, artifacts: [], note: `did the edit but also added a ${color} ${shape} nobody asked for` };
};
