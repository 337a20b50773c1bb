import type { Rng } from '../../core/index.js';
import { goodSameBad, type GsbResult } from '../../bench/index.js';
import { mean } from '../moments.js';
import { applyProgram } from './apply-program.js';
import type { EditTask } from './edit-task.js';
import { oracleOfScene } from './edit-outcome.js';
import type { EditorPolicy } from './editor-policy.js';

export interface EditorComparison {
  /** Mean oracle score (0-10) of each editor's edits. */
  oracleTest: number;
  oracleBase: number;
  /** GSB of test vs base with the oracle as the human (PAPER.md section 6), bootstrap 95% interval. */
  gsb: GsbResult;
  /** Per task: the oracle's score of each editor's edit. */
  scores: Array<{ task: string; test: number; base: number }>;
}

/** The oracle's score of the policy's mode edit for each task (deterministic: no sampling). */
export function oracleScores(policy: EditorPolicy, tasks: readonly EditTask[]): number[] {
  return policy.act(tasks).map((r) => {
    const task = tasks[r.input]!;
    return oracleOfScene(task, applyProgram(task.source, task.seen, task.edit.instruction, r.action));
  });
}

/**
 * Compares two editors on held-out tasks as the paper's side-by-side does, with the world's oracle
 * as the person choosing: each editor makes its most likely edit of each task, and a task is Good
 * when the test editor's edit scores more than `sameMargin` (default 0.5, EditWorld's "same" margin)
 * above the base's.
 */
export function compareEditors(
  test: EditorPolicy,
  base: EditorPolicy,
  tasks: readonly EditTask[],
  options: { rng: Rng; sameMargin?: number; resamples?: number },
): EditorComparison {
  const t = oracleScores(test, tasks);
  const b = oracleScores(base, tasks);
  const scores = tasks.map((task, i) => ({ task: task.id, test: t[i]!, base: b[i]! }));
  return {
    oracleTest: mean(t),
    oracleBase: mean(b),
    gsb: goodSameBad(scores, {
      rng: options.rng,
      sameMargin: options.sameMargin ?? 0.5,
      resamples: options.resamples,
    }),
    scores,
  };
}
