export { makeCandidate } from './make-candidate.js';
export { DEFAULT_FAILURE_MIX, drawFailure, validateFailureMix } from './failure-mix.js';
export { diffScenes, sameScene, type SceneDiff } from './scene-diff.js';
export { isNeighbourBackground, isNeighbourColor } from './neighbours.js';
export type { Editor, EditorInput, EditorOutput } from './editor.js';
