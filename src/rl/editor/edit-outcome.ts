import type { SceneGraph } from '../../core/index.js';
import { oracleScore, renderScene, type Candidate } from '../../world/index.js';
import { applyProgram } from './apply-program.js';
import type { EditProgram } from './edit-program.js';
import type { EditTask } from './edit-task.js';

/** A program's edit of a task: the scene it makes and that scene rendered as the judges see it. */
export interface EditOutcome {
  scene: SceneGraph;
  image: Buffer;
}

export async function editOutcome(task: EditTask, program: EditProgram): Promise<EditOutcome> {
  const scene = applyProgram(task.source, task.seen, task.edit.instruction, program);
  return { scene, image: await renderScene(scene, { size: task.size }) };
}

/**
 * The oracle's 0-10 score of a program's edit. A policy's edit has no failure mode by construction;
 * the oracle reads only the scene and the artefacts (none: programs paint cleanly), so the mode is
 * filled with 'perfect' and the note says where the candidate came from.
 */
export function oracleOfScene(task: EditTask, scene: SceneGraph): number {
  const candidate: Candidate = {
    failure: 'perfect',
    note: 'an edit program of the miniature editor',
    scene,
    artifacts: [],
  };
  return oracleScore(task.source, task.edit, candidate).score;
}
