import { createRng, UsageError, type SceneGraph } from '../../core/index.js';
import { parseScene } from '../../rrm/index.js';
import type { ParsedScene } from '../../rrm/index.js';
import {
  drawEdit,
  generateScene,
  renderRaw,
  renderScene,
  type EditCategory,
  type WorldEdit,
} from '../../world/index.js';
import { taskFeatures, type TaskFeatures } from './task-features.js';

/** The editors' render side: small, so a GRPO group renders and judges in well under a second. */
export const EDITOR_RENDER_SIZE = 128;

/**
 * One (source, instruction) the editor is asked to edit. The policy reads only `features` (the
 * instruction and the source as parsed from its pixels); `source` and `edit` are the world's truth,
 * used to apply a program to the scene graph, to give judges the gold principles, and by the oracle.
 */
export interface EditTask {
  id: string;
  source: SceneGraph;
  edit: WorldEdit;
  /** The source rendered at `size` px, PNG: what judges see as the source. */
  sourceImage: Buffer;
  size: number;
  seen: ParsedScene;
  features: TaskFeatures;
}

export interface EditTaskOptions {
  /** Selects the scenes and edits: held-out sets are other seeds. */
  seed: number;
  count: number;
  /** Render side in px. Default EDITOR_RENDER_SIZE. */
  size?: number;
  /** Categories the edits are drawn from (default: all). */
  categories?: readonly EditCategory[];
}

/** A task from a scene and an edit: renders the source and parses it as a judge would. */
export async function editTask(
  id: string,
  source: SceneGraph,
  edit: WorldEdit,
  size = EDITOR_RENDER_SIZE,
): Promise<EditTask> {
  const [raw, sourceImage] = await Promise.all([renderRaw(source, { size }), renderScene(source, { size })]);
  const seen = parseScene(raw);
  return { id, source, edit, sourceImage, size, seen, features: taskFeatures(edit.instruction, seen) };
}

/** `count` EditWorld scenes with one drawn edit each, the same for the same seed. */
export async function makeEditTasks(options: EditTaskOptions): Promise<EditTask[]> {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new UsageError(`count ${options.count} must be a whole number >= 1`);
  }
  const rng = createRng(options.seed);
  const tasks: EditTask[] = [];
  for (let i = 0; i < options.count; i++) {
    const source = generateScene(rng);
    const edit = drawEdit(source, rng, options.categories);
    tasks.push(await editTask(`seed${options.seed}-t${i}`, source, edit, options.size));
  }
  return tasks;
}
