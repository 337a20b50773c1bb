import { UsageError, sampleWithoutReplacement, type Rng, type SceneGraph } from '../../core/index.js';
import { EDIT_CATEGORIES, type EditCategory, type WorldEdit } from '../types.js';
import { makeBackgroundChange } from './background-change.js';
import { makeColorAlter } from './color-alter.js';
import { makeCountChange } from './count-change.js';
import type { EditMaker } from './edit-maker.js';
import { makeMaterialAlter } from './material-alter.js';
import { makeMotionChange } from './motion-change.js';
import { makeSizeChange } from './size-change.js';
import { makeSubjectAdd } from './subject-add.js';
import { makeSubjectRemove } from './subject-remove.js';
import { makeSubjectReplace } from './subject-replace.js';
import { makeTextChange } from './text-change.js';
import { makeToneTransfer } from './tone-transfer.js';

/** One maker per category: the registry table the world draws from. */
export const EDIT_MAKERS: Record<EditCategory, EditMaker> = {
  color_alter: makeColorAlter,
  'subject-add': makeSubjectAdd,
  'subject-remove': makeSubjectRemove,
  'subject-replace': makeSubjectReplace,
  background_change: makeBackgroundChange,
  motion_change: makeMotionChange,
  size_change: makeSizeChange,
  text_change: makeTextChange,
  material_alter: makeMaterialAlter,
  tone_transfer: makeToneTransfer,
  count_change: makeCountChange,
};

/** An edit of this category for the scene, or null when it cannot apply (no sign, one object, no room...). */
export function makeEdit(scene: SceneGraph, category: EditCategory, rng: Rng): WorldEdit | null {
  return EDIT_MAKERS[category](scene, rng);
}

/**
 * An edit of a category drawn uniformly among those that apply to the scene: the categories are
 * tried in a random order and the first that applies is taken, which is a uniform draw among them.
 */
export function drawEdit(
  scene: SceneGraph,
  rng: Rng,
  categories: readonly EditCategory[] = EDIT_CATEGORIES,
): WorldEdit {
  for (const category of sampleWithoutReplacement(categories, categories.length, rng)) {
    const edit = makeEdit(scene, category, rng);
    if (edit) return edit;
  }
  throw new UsageError(
    `none of the edit categories ${categories.join(', ')} applies to this scene; allow more categories or use a scene with more objects or a sign`,
  );
}
