import type { Rng, SceneGraph } from '../../core/index.js';
import type { Candidate, FailureMode, WorldEdit } from '../types.js';
import { artifact } from './artifact.js';
import { editorInput, type Editor } from './editor.js';
import { hallucination } from './hallucination.js';
import { insufficientMove } from './insufficient-move.js';
import { leakage } from './leakage.js';
import { noOp } from './no-op.js';
import { overEdit } from './over-edit.js';
import { partial } from './partial.js';
import { perfect } from './perfect.js';
import { whiteBorder } from './white-border.js';
import { wrongTarget } from './wrong-target.js';

/**
 * Each failure mode's editor, and where it falls back when it cannot apply to an edit (no second
 * object to leak onto, no room for an extra object, not a motion edit...). The chain ends in an
 * editor that always applies. A candidate records the mode actually made, and its note says so.
 */
export const EDITORS: Record<FailureMode, { editor: Editor; fallback: FailureMode[] }> = {
  perfect: { editor: perfect, fallback: [] },
  'no-op': { editor: noOp, fallback: [] },
  partial: { editor: partial, fallback: ['artifact'] },
  leakage: { editor: leakage, fallback: ['over-edit', 'artifact'] },
  'wrong-target': { editor: wrongTarget, fallback: ['partial', 'artifact'] },
  'insufficient-move': { editor: insufficientMove, fallback: ['partial', 'artifact'] },
  'over-edit': { editor: overEdit, fallback: ['hallucination', 'artifact'] },
  hallucination: { editor: hallucination, fallback: ['over-edit', 'artifact'] },
  artifact: { editor: artifact, fallback: [] },
  'white-border': { editor: whiteBorder, fallback: [] },
};

/** A candidate edit of `source` for `edit` that fails in the given way (or its fallback's). */
export function makeCandidate(
  source: SceneGraph,
  edit: WorldEdit,
  failure: FailureMode,
  rng: Rng,
): Candidate {
  const input = editorInput(source, edit);
  for (const mode of [failure, ...EDITORS[failure].fallback]) {
    const made = EDITORS[mode].editor(input, rng);
    if (!made) continue;
    const note = mode === failure ? made.note : `${made.note} (${failure} does not apply to this edit)`;
    return { failure: mode, note, scene: made.scene, artifacts: made.artifacts };
  }
  throw new Error(`no editor applied for ${failure}: the fallback chain must end in one that always applies`);
}
