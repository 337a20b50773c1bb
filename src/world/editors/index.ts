export { makeCandidate, EDITORS } from './make-candidate.js';
export { DEFAULT_FAILURE_MIX, drawFailure, validateFailureMix } from './failure-mix.js';
export { diffScenes, sameScene, sameObject, type SceneDiff } from './scene-diff.js';
export {
  BACKGROUND_NEIGHBOURS,
  COLOR_NEIGHBOURS,
  isNeighbourBackground,
  isNeighbourColor,
} from './neighbours.js';
export { INSUFFICIENT_MOVE } from './insufficient-move.js';
export type { Editor, EditorInput, EditorOutput } from './editor.js';
